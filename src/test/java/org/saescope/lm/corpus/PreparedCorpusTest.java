package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

class PreparedCorpusTest {
    @TempDir
    Path tmp;

    private static final PreparedDocument DOC_A = new PreparedDocument("ca01", "news", "The jury said.\n\n\"Yes.\"",
            new int[] {464, 9002, 531, 13, 628, 1, 5297, 526},
            new int[] {0, 1, 2, 3, -1, 4, 5, 6},
            List.of("at", "nn-tl", "vbd", ".", "``", "rb", "."));
    private static final PreparedDocument DOC_B = new PreparedDocument("cr09", "humor", "Ha", new int[] {23303},
            new int[] {0}, List.of("uh"));

    private Path write(PreparedDocument... docs) throws IOException {
        StringWriter w = new StringWriter();
        for (PreparedDocument d : docs) {
            PreparedCorpus.writeLine(d, w);
        }
        return Files.writeString(tmp.resolve("brown-test.jsonl"), w.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        Path p = write(DOC_A, DOC_B);
        assertThat(Files.readAllLines(p)).hasSize(2);

        List<PreparedDocument> back = PreparedCorpus.readAll(p);
        assertThat(back).hasSize(2);
        PreparedDocument a = back.get(0);
        assertThat(a.id()).isEqualTo("ca01");
        assertThat(a.genre()).isEqualTo("news");
        assertThat(a.text()).isEqualTo(DOC_A.text());
        assertThat(a.tokens()).containsExactly(DOC_A.tokens());
        assertThat(a.tokenWords()).containsExactly(DOC_A.tokenWords());
        assertThat(a.wordTags()).isEqualTo(DOC_A.wordTags());
        assertThat(back.get(1).genre()).isEqualTo("humor");
    }

    @Test
    void perTokenTagsFollowTheWordIndex() {
        assertThat(DOC_A.tags()).containsExactly("at", "nn-tl", "vbd", ".", null, "``", "rb", ".");
        assertThat(DOC_A.coarseTags()).containsExactly("at", "nn", "vbd", ".", null, "``", "rb", ".");
    }

    @Test
    void streamsLazilyAndClosesWithTheStream() throws IOException {
        Path p = write(DOC_A, DOC_B);
        try (PreparedCorpus c = PreparedCorpus.open(p)) {
            assertThat(c.hasNext()).isTrue();
            assertThat(c.next().id()).isEqualTo("ca01");
            assertThat(c.stream().map(PreparedDocument::id).toList()).containsExactly("cr09");
            assertThat(c.hasNext()).isFalse();
        }
    }

    @Test
    void wordIndexOutsideTheWordsIsBadInputNamingTheLine() throws IOException {
        Path p = write(DOC_B);
        Files.writeString(p, Files.readString(p)
                + "{\"id\":\"x\",\"genre\":\"g\",\"text\":\"t\",\"tokens\":[83],\"token_word\":[1],\"word_tags\":[\"nn\"]}\n");
        try (PreparedCorpus c = PreparedCorpus.open(p)) {
            assertThat(c.next().id()).isEqualTo("cr09");
            assertThatThrownBy(c::next)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("brown-test.jsonl")
                    .hasMessageContaining("line 2")
                    .hasMessageContaining("points to word 1 of 1");
        }
    }

    @Test
    void missingFieldOrMismatchedLengthsAreBadInput() throws IOException {
        Path noTokens = Files.writeString(tmp.resolve("a.jsonl"),
                "{\"id\":\"x\",\"genre\":\"g\",\"text\":\"t\",\"token_word\":[0],\"word_tags\":[\"nn\"]}\n");
        Path lengths = Files.writeString(tmp.resolve("b.jsonl"),
                "{\"id\":\"x\",\"genre\":\"g\",\"text\":\"t\",\"tokens\":[1,2],\"token_word\":[0],\"word_tags\":[\"nn\"]}\n");
        assertThatThrownBy(() -> PreparedCorpus.open(noTokens))
                .isInstanceOf(BadInputException.class).hasMessageContaining("line 1: \"tokens\" is missing");
        assertThatThrownBy(() -> PreparedCorpus.open(lengths))
                .isInstanceOf(BadInputException.class).hasMessageContaining("2 tokens but 1 token_word");
    }

    @Test
    void emptyFileIsBadInput() throws IOException {
        Path p = Files.writeString(tmp.resolve("brown-empty.jsonl"), "\n");
        assertThatThrownBy(() -> PreparedCorpus.open(p))
                .isInstanceOf(BadInputException.class).hasMessageContaining("brown-empty.jsonl").hasMessageContaining("empty corpus");
    }
}
