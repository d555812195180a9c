package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTokenizerTest {
    @Test
    void idsSpansAndPiecesCoverTheText() {
        try (TextTokenizer tok = TextTokenizer.load(LmFixtures.dir("gpt2-tiny").resolve("tokenizer.json"))) {
            String text = LmFixtures.PROMPT;
            TokenizedText t = tok.tokenize(text);
            assertThat(t.ids()).containsExactly(tok.encode(text));
            StringBuilder bySpan = new StringBuilder();
            StringBuilder byPiece = new StringBuilder();
            for (int i = 0; i < t.size(); i++) {
                bySpan.append(text, t.start()[i], t.end()[i]);
                byPiece.append(t.pieces()[i]);
            }
            assertThat(bySpan.toString()).isEqualTo(text);
            assertThat(byPiece.toString()).isEqualTo(text);
            assertThat(tok.decode(t.ids())).isEqualTo(text);
            assertThat(t.pieces()[1]).isEqualTo(" cat");
        }
    }

    @Test
    void neitherTruncatesNorAddsSpecialTokens() {
        try (TextTokenizer tok = TextTokenizer.load(LmFixtures.dir("gpt2-tiny").resolve("tokenizer.json"))) {
            int perCopy = tok.encode(" the cat").length;
            int[] ids = tok.encode(" the cat".repeat(600));
            assertThat(ids).hasSize(600 * perCopy); // DJL's default would cut at 512
            assertThat(tok.encode("")).isEmpty();
            assertThat(tok.encode("<|endoftext|>")).containsExactly(290); // the special token when written out
        }
    }
}
