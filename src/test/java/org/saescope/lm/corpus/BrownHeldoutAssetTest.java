package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed held-out split (assets/corpus) against the split rule applied to the real Brown
 * catalogue (cats.txt, copied to the test resources) and against the committed tokenizer.
 */
class BrownHeldoutAssetTest {
    static final Path HELDOUT = Path.of("assets/corpus/brown-heldout.jsonl");
    static final Path MANIFEST = Path.of("assets/corpus/brown-manifest.json");
    private static List<PreparedDocument> docs;
    private static List<BrownCorpusPreparer.Entry> catalogue;

    @BeforeAll
    static void read() throws URISyntaxException {
        docs = PreparedCorpus.readAll(HELDOUT);
        catalogue = BrownCorpusPreparer.catalogue(
                Path.of(BrownHeldoutAssetTest.class.getResource("/corpus/brown-cats.txt").toURI()));
    }

    @Test
    void heldOutDocumentsAreExactlyThoseTheRuleSelects() {
        Map<String, Integer> seen = new TreeMap<>();
        List<String> expected = new ArrayList<>();
        for (BrownCorpusPreparer.Entry e : catalogue) {
            int index = seen.merge(e.genre(), 1, Integer::sum) - 1;
            if (index % 10 == 4) {
                expected.add(e.id());
            }
        }
        assertThat(catalogue).hasSize(500);
        assertThat(docs).extracting(PreparedDocument::id).containsExactlyElementsOf(expected);
        assertThat(docs.size()).isBetween(45, 60);
    }

    @Test
    void everyGenreIsHeldOut() {
        TreeSet<String> genres = new TreeSet<>();
        catalogue.forEach(e -> genres.add(e.genre()));
        assertThat(genres).hasSize(15);
        assertThat(docs).extracting(PreparedDocument::genre).containsAll(genres);
    }

    @Test
    void tokensAreTheCommittedTokenizersEncodingOfTheText() {
        try (CorpusTokenizer t = CorpusTokenizer.open(Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER)) {
            for (PreparedDocument d : docs) {
                assertThat(t.encode(d.text()).ids()).as(d.id()).containsExactly(d.tokens());
            }
        }
    }

    @Test
    void wordIndicesRunInOrderAndCoverEveryWord() {
        for (PreparedDocument d : docs) {
            int[] w = d.tokenWords();
            int last = -1;
            TreeSet<Integer> covered = new TreeSet<>();
            for (int x : w) {
                if (x >= 0) {
                    assertThat(x).as(d.id()).isGreaterThanOrEqualTo(last);
                    last = x;
                    covered.add(x);
                }
            }
            // A word can lose all its characters to the token of the word before (as '."' does),
            // but only punctuation can.
            for (int i = 0; i < d.wordTags().size(); i++) {
                if (!covered.contains(i)) {
                    assertThat(PosTags.coarse(d.wordTags().get(i))).as(d.id() + " word " + i).matches("[.,:()'`-]+");
                }
            }
        }
    }

    @Test
    void manifestMatchesTheFileAndTheTokenizer() throws IOException {
        JsonNode m = new ObjectMapper().readTree(MANIFEST.toFile());
        assertThat(m.at("/format").asText()).isEqualTo("saescope-brown-corpus");
        assertThat(m.at("/splits/heldout/documents").asInt()).isEqualTo(docs.size());
        assertThat(m.at("/splits/heldout/tokens").asLong())
                .isEqualTo(docs.stream().mapToLong(PreparedDocument::tokenCount).sum());
        assertThat(m.at("/tokenizer_sha256").asText())
                .isEqualTo(BrownCorpusPreparer.sha256(Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER));
        assertThat(Files.size(HELDOUT)).isLessThan(5L << 20);
    }
}
