package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every GPT-2 token of a prepared document carries the tag of the word its characters come from. */
class TokenTagAlignmentTest {
    private static CorpusTokenizer tokenizer;

    @BeforeAll
    static void open() {
        tokenizer = CorpusTokenizer.open(Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static PreparedDocument prepare(String tagged) {
        return BrownCorpusPreparer.prepareDocument(new BrownCorpusPreparer.Entry("cx01", "news"), tagged,
                Path.of("cx01"), tokenizer);
    }

    /** Token i's text, cut from the document text by decoding the ids one at a time. */
    private static List<String> tokenTexts(PreparedDocument d) {
        List<String> out = new ArrayList<>();
        for (int id : d.tokens()) {
            out.add(tokenizer.decode(new int[] {id}));
        }
        return out;
    }

    @Test
    void wholeWordTokensCarryTheirWordsTag() {
        PreparedDocument d = prepare("\tThe/at jury/nn said/vbd ./.");
        assertThat(d.text()).isEqualTo("The jury said.");
        assertThat(tokenTexts(d)).containsExactly("The", " jury", " said", ".");
        assertThat(d.tags()).containsExactly("at", "nn", "vbd", ".");
        assertThat(d.tokenWords()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void everyPieceOfASplitWordGetsTheWordsTag() {
        PreparedDocument d = prepare("the/at antidisestablishmentarianism/nn-tl vote/nn");
        List<String> pieces = tokenTexts(d);
        int first = 1;
        int last = pieces.size() - 2; // " vote" is the last token
        assertThat(last).as("the long word is several tokens").isGreaterThan(first);
        assertThat(String.join("", pieces.subList(first, last + 1))).isEqualTo(" antidisestablishmentarianism");
        for (int t = first; t <= last; t++) {
            assertThat(d.tags()[t]).isEqualTo("nn-tl");
            assertThat(d.coarseTags()[t]).isEqualTo("nn");
            assertThat(d.tokenWords()[t]).isEqualTo(1);
        }
        assertThat(d.tags()[pieces.size() - 1]).isEqualTo("nn");
    }

    @Test
    void bytePiecesOfAnAccentedLetterBelongToItsWord() {
        // U+1E68 (S with dots below and above) is three UTF-8 bytes that GPT-2 has no single token for.
        PreparedDocument d = prepare("a/at \u1e68ara/np opened/vbd");
        String[] tags = d.tags();
        List<String> pieces = tokenTexts(d);
        int opened = pieces.indexOf(" opened");
        assertThat(tags[0]).isEqualTo("at");
        int namePieces = 0;
        for (int t = 1; t < opened; t++) {
            if (pieces.get(t).isBlank()) {
                assertThat(tags[t]).as("a lone space token").isNull();
            } else {
                assertThat(tags[t]).as("token %d", t).isEqualTo("np");
                assertThat(d.tokenWords()[t]).isEqualTo(1);
                namePieces++;
            }
        }
        assertThat(namePieces).as("the name is split into byte pieces: %s", pieces).isGreaterThanOrEqualTo(3);
        assertThat(tags[opened]).isEqualTo("vbd");
    }

    @Test
    void aTokenStraddlingTwoWordsTakesTheFirst() {
        // GPT-2 has a single token for the two characters ." (period, closing quote).
        PreparedDocument d = prepare("``/`` No/rb ./. ''/''");
        assertThat(d.text()).isEqualTo("\"No.\"");
        List<String> pieces = tokenTexts(d);
        assertThat(pieces).containsExactly("\"", "No", ".\"");
        assertThat(d.tags()).containsExactly("``", "rb", ".");
    }

    @Test
    void whitespaceOnlyTokensGetNoTag() {
        PreparedDocument d = prepare("\tOne/cd ./.\n\n\tTwo/cd ./.");
        assertThat(d.text()).isEqualTo("One.\n\nTwo.");
        List<String> pieces = tokenTexts(d);
        int newlines = 0;
        for (int t = 0; t < pieces.size(); t++) {
            if (pieces.get(t).isBlank()) {
                newlines += pieces.get(t).length();
                assertThat(d.tags()[t]).isNull();
                assertThat(d.tokenWords()[t]).isEqualTo(-1);
                assertThat(d.coarseTags()[t]).isNull();
            } else {
                assertThat(d.tags()[t]).isNotNull();
            }
        }
        assertThat(newlines).isEqualTo(2);
    }
}
