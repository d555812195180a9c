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
            String[] pieces = tok.pieces(t.ids());
            StringBuilder bySpan = new StringBuilder();
            StringBuilder byPiece = new StringBuilder();
            for (int i = 0; i < t.size(); i++) {
                bySpan.append(text, t.start()[i], t.end()[i]);
                byPiece.append(pieces[i]);
            }
            assertThat(bySpan.toString()).isEqualTo(text);
            assertThat(byPiece.toString()).isEqualTo(text);
            assertThat(tok.decode(t.ids())).isEqualTo(text);
            assertThat(pieces[1]).isEqualTo(" cat");
        }
    }

    @Test
    void spansAreJavaCharIndicesAfterCharactersOutsideTheBmp() {
        try (TextTokenizer tok = TextTokenizer.load(LmFixtures.dir("gpt2-tiny").resolve("tokenizer.json"))) {
            String text = "the \uD83D\uDE00 cat"; // an emoji is one code point but two Java chars
            TokenizedText t = tok.tokenize(text);
            int last = t.size() - 1;
            assertThat(text.substring(t.start()[last], t.end()[last])).isEqualTo(tok.pieces(t.ids())[last]).endsWith("cat");
            assertThat(t.end()[last]).isEqualTo(text.length());
            // tokens: "t" "he" " " then the emoji's four byte tokens, each covering its two chars, then " cat"
            for (int i = 3; i < 7; i++) {
                assertThat(text.substring(t.start()[i], t.end()[i])).isEqualTo("\uD83D\uDE00");
            }
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
