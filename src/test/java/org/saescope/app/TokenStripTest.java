package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.saescope.app.catalog.TokenStrip;
import org.saescope.app.prompt.ActivationColors;
import org.saescope.app.prompt.StripHeatmap;

/** An example strip's focal token: kept, checked, and named on hover; without a toolkit. */
class TokenStripTest {
    private static final List<String> TOKENS = List.of("The", " cat", " sat");
    private static final float[] ACTS = {0f, 2f, 0.5f};

    @Test
    void twoExamplesOfOneWindowDifferOnlyInTheirFocus() {
        TokenStrip atCat = new TokenStrip(TOKENS, ACTS, 1);
        TokenStrip atSat = new TokenStrip(TOKENS, ACTS, 2);
        assertThat(atCat.tokens()).isEqualTo(atSat.tokens());
        assertThat(atCat.activations()).isEqualTo(atSat.activations());
        assertThat(atCat.focus()).isEqualTo(1);
        assertThat(atSat.focus()).isEqualTo(2);
        assertThat(atCat.focusActivation()).isEqualTo(2f);
        assertThat(atSat.focusActivation()).isEqualTo(0.5f);
        assertThat(atSat.max()).isEqualTo(2f); // the scale is the window's, not the focal token's
    }

    @Test
    void aStripWithoutAnExampleTokenHasNoFocus() {
        TokenStrip s = new TokenStrip(TOKENS, ACTS);
        assertThat(s.hasFocus()).isFalse();
        assertThat(s.focus()).isEqualTo(-1);
        assertThat(s.focusActivation()).isNaN();
    }

    @Test
    void aFocusOutsideTheWindowIsRefused() {
        assertThatThrownBy(() -> new TokenStrip(TOKENS, ACTS, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("focus 3").hasMessageContaining("3 tokens");
        assertThatThrownBy(() -> new TokenStrip(TOKENS, ACTS, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hoverShowsEveryTokensActivationAndNamesTheFocalOne() {
        TokenStrip s = new TokenStrip(TOKENS, ACTS, 1);
        assertThat(StripHeatmap.tooltip(s, 1)).isEqualTo("␣cat: 2.000  (this example's token)");
        assertThat(StripHeatmap.tooltip(s, 2)).isEqualTo("␣sat: 0.500");
        assertThat(StripHeatmap.tooltip(s, 0)).isEqualTo("The: 0.000");
        assertThat(StripHeatmap.tooltip(new TokenStrip(TOKENS, ACTS), 1)).isEqualTo("␣cat: 2.000");
    }

    @Test
    void theFocalMarkIsTheThemesAccentAndStandsOutFromTheBackground() throws IOException {
        // the accents the stylesheets define: Modena's default (light) and dark.css's
        assertThat(new ActivationColors(false).accent()).isEqualTo(accentIn("/com/sun/javafx/scene/control/skin/modena/modena.css"));
        assertThat(new ActivationColors(true).accent()).isEqualTo(accentIn("/org/saescope/app/dark.css"));
        for (boolean dark : new boolean[] {false, true}) {
            ActivationColors c = new ActivationColors(dark);
            assertThat(c.accent()).isNotEqualTo(c.cold());
        }
    }

    /** The first {@code -fx-accent: #rrggbb;} of a stylesheet on the class path. */
    private static int accentIn(String resource) throws IOException {
        URL url = javafx.scene.control.Control.class.getResource(resource);
        assertThat(url).as(resource).isNotNull();
        try (InputStream in = url.openStream()) {
            Matcher m = Pattern.compile("-fx-accent:\\s*#([0-9a-fA-F]{6})\\s*;").matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(m.find()).as("-fx-accent in %s", resource).isTrue();
            return Integer.parseInt(m.group(1), 16);
        }
    }
}
