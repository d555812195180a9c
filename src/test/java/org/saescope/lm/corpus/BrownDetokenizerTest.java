package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saescope.tensor.BadInputException;

/** Readable text from hand-written snippets of the tagged Brown format. */
class BrownDetokenizerTest {
    private static final Path FILE = Path.of("cx01");

    private static BrownDetokenizer.Rendered render(String tagged) {
        return BrownDetokenizer.render(BrownTaggedText.parse(tagged, FILE));
    }

    private static String text(String tagged) {
        return render(tagged).text();
    }

    /** Each word's text as it appears in the rendered text, from its recorded span. */
    private static List<String> wordsBySpan(BrownDetokenizer.Rendered r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.wordCount(); i++) {
            out.add(r.text().substring(r.starts()[i], r.ends()[i]));
        }
        return out;
    }

    @Test
    void doubleQuotesAndCommas() {
        assertThat(text("\t``/`` Only/rb a/at handful/nn ''/'' ,/, the/at jury/nn said/vbd ./.\n"))
                .isEqualTo("\"Only a handful\", the jury said.");
    }

    @Test
    void bracketsAndSentencePunctuation() {
        assertThat(text("(/( In/in Washington/np ,/, it/pps rained/vbd ;/. ;/. so/cs what/wdt ?/. ?/. )/) ./."))
                .isEqualTo("(In Washington, it rained; so what?).");
    }

    @Test
    void doubledSemicolonQuestionAndExclamationMarksCollapse() {
        BrownDetokenizer.Rendered r = render("Why/wrb ?/. ?/.\nNo/rb !/. !/.\nThen/rb ;/. ;/.");
        assertThat(r.text()).isEqualTo("Why? No! Then;");
        assertThat(r.tags()).containsExactly("wrb", ".", "rb", ".", "rb", ".");
    }

    @Test
    void colonsDashesAndNumbersWithSlashes() {
        assertThat(text("averages/nns :/: Smoky/np Burgess/np ,/, 1-1/2/cd parties/nns --/-- Democratic/jj ./."))
                .isEqualTo("averages: Smoky Burgess, 1-1/2 parties--Democratic.");
    }

    @Test
    void loneSingleQuotesAlternateOpenAndClose() {
        assertThat(text("would/md say/vb ,/, '/' Don't/do* worry/vb '/' ''/'' ./."))
                .isEqualTo("would say, 'Don't worry'\".");
    }

    @Test
    void splitOffCliticsAttachToTheirWord() {
        assertThat(text("John/np 's/$ hat/nn ,/, do/do n't/* go/vb ,/, we/ppss 'll/md see/vb"))
                .isEqualTo("John's hat, don't go, we'll see");
    }

    @Test
    void paragraphsAreSeparatedByABlankLineAndSentencesByASpace() {
        String tagged = "\n\n\tThe/at jury/nn met/vbd ./.\nIt/pps adjourned/vbd ./.\n\n\n\tLater/rb it/pps rained/vbd ./.\n";
        assertThat(text(tagged)).isEqualTo("The jury met. It adjourned.\n\nLater it rained.");
    }

    @Test
    void headlineIsItsOwnParagraph() {
        String tagged = "\n\nMerger/nn-hl proposed/vbn-hl \nHowever/wrb ,/, the/at jury/nn said/vbd ./.\n";
        assertThat(text(tagged)).isEqualTo("Merger proposed\n\nHowever, the jury said.");
    }

    @Test
    void paragraphStartingWithClosingPunctuationContinuesThePreviousOne() {
        String tagged = "\tGoodby/uh-hl ,/,-hl Mr./np-hl Sam/np-hl \n\n./.\n\n\tNext/ap ./.";
        assertThat(text(tagged)).isEqualTo("Goodby, Mr. Sam.\n\nNext.");
    }

    @Test
    void everyWordSpanCoversExactlyItsSurfaceForm() {
        BrownDetokenizer.Rendered r = render("\t``/`` It's/pps+bez '/' good/jj '/' ''/'' ,/, he/pps said/vbd ./.");
        assertThat(r.text()).isEqualTo("\"It's 'good'\", he said.");
        assertThat(wordsBySpan(r)).containsExactly("\"", "It's", "'", "good", "'", "\"", ",", "he", "said", ".");
        assertThat(r.tags()).containsExactly("``", "pps+bez", "'", "jj", "'", "''", ",", "pps", "vbd", ".");
    }

    @Test
    void itemWithoutTagIsBadInputNamingFileAndLine() {
        assertThatThrownBy(() -> BrownTaggedText.parse("\n\tThe/at jury\n", FILE))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cx01")
                .hasMessageContaining("line 2")
                .hasMessageContaining("\"jury\"");
    }
}
