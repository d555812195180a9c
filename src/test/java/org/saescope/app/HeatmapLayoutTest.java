package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.saescope.app.prompt.ActivationColors;
import org.saescope.app.prompt.HeatmapLayout;
import org.saescope.app.prompt.TokenText;

/** Heatmap geometry, visible whitespace and the colour scale, without a toolkit. */
class HeatmapLayoutTest {
    /** Every character 10 px wide. */
    private static double width(String s) {
        return 10.0 * s.length();
    }

    @Test
    void spacesAndNewlinesAreVisibleAndANewlineBreaksTheLine() {
        assertThat(TokenText.visible(" the\n")).isEqualTo("␣the↵");
        assertThat(TokenText.visible("\t\u0001")).isEqualTo("⇥\u2401");
        HeatmapLayout l = HeatmapLayout.of(new String[] {"a", " b\n", "c"}, HeatmapLayoutTest::width, 1000, 20);
        assertThat(l.y(0)).isEqualTo(l.y(1));
        assertThat(l.y(2)).isGreaterThan(l.y(1));
        assertThat(l.x(2)).isEqualTo(l.x(0));
    }

    @Test
    void cellsWrapAtTheWidthAndHitTestingFindsThem() {
        // each cell 10*3 + 6 = 36 wide, gap 2: three fit in 120, the fourth wraps
        HeatmapLayout l = HeatmapLayout.of(new String[] {"abc", "def", "ghi", "jkl"}, HeatmapLayoutTest::width, 120, 20);
        assertThat(l.y(2)).isEqualTo(l.y(0));
        assertThat(l.y(3)).isEqualTo(l.y(0) + 22);
        assertThat(l.hit(l.x(1) + 1, l.y(1) + 1)).isEqualTo(1);
        assertThat(l.hit(l.x(3) + 35, l.y(3) + 19)).isEqualTo(3);
        assertThat(l.hit(l.x(1) - 1, l.y(1) + 1)).isEqualTo(-1); // in the gap
        assertThat(l.height()).isEqualTo(2 + 22 + 22 + 2);
    }

    @Test
    void colourScaleRunsFromBackgroundToHotAndClamps() {
        ActivationColors light = new ActivationColors(false);
        assertThat(light.rgb(0, 5)).isEqualTo(0xFFFFFF);
        assertThat(light.rgb(5, 5)).isEqualTo(ActivationColors.HOT);
        assertThat(light.rgb(50, 5)).isEqualTo(ActivationColors.HOT);
        assertThat(light.rgb(-1, 5)).isEqualTo(0xFFFFFF);
        assertThat(light.rgb(1, 0)).isEqualTo(0xFFFFFF);
        // halfway: each channel halfway between white and 0xE8590C
        assertThat(light.rgb(2.5, 5)).isEqualTo((0xF4 << 16) | (0xAC << 8) | 0x86);
        assertThat(new ActivationColors(true).rgb(0, 1)).isEqualTo(ActivationColors.DARK_BACKGROUND);
    }
}
