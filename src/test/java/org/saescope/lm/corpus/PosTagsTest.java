package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PosTagsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "nn|nn",
        "NN-TL|nn",
        "np-tl|np",
        "nn-hl|nn",
        "nn-nc|nn",
        "nn-tl-hl|nn",
        "np$|np",
        "nns$-tl|nns",
        "nn$-hl|nn",
        "pp$|pp$",
        "pp$$|pp$$",
        "wp$|wp$",
        "pp$-tl|pp$",
        "dod*|dod",
        "md*-hl|md",
        "*|*",
        "*-hl|*",
        "pps+bez|pps+bez",
        "pps+bez-hl|pps+bez",
        "ppss+ber-n|ppss+ber",
        "wrb+dod*|wrb+dod",
        "fw-nn|fw",
        "fw-in+at-tl|fw",
        "---hl|--",
        "',-hl'|','",
        ".|.",
        "``|``",
        "''|''",
        "nil|nil",
    })
    void coarseTagDropsPositionNegationAndGenitiveMarks(String raw, String coarse) {
        assertThat(PosTags.coarse(raw)).isEqualTo(coarse);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"NP-TL|np-tl", " vbd |vbd", "pp$|pp$"})
    void fullTagIsLowerCasedAndTrimmed(String raw, String full) {
        assertThat(PosTags.full(raw)).isEqualTo(full);
    }
}
