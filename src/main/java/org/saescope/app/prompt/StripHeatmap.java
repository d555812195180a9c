package org.saescope.app.prompt;

import java.util.Locale;
import org.saescope.app.catalog.TokenStrip;

/**
 * An example strip drawn as a one-line {@link TokenHeatmap}: the dashboard and triage draw them
 * alike, the focal token underlined and every token's activation on hover.
 */
public final class StripHeatmap {
    private StripHeatmap() {
    }

    /** A heatmap of {@code strip} on a colour scale whose top is {@code scale}. */
    public static TokenHeatmap of(TokenStrip strip, double scale, boolean dark) {
        TokenHeatmap h = new TokenHeatmap();
        h.setWrap(false);
        h.setDark(dark);
        h.setFocus(strip.focus());
        h.setTokens(strip.tokens().toArray(new String[0]), strip.activations(), scale, -1);
        h.setTooltips(t -> tooltip(strip, t));
        return h;
    }

    /**
     * "␣cat: 1.234" for token {@code t}; the focal token adds that the example was chosen for it,
     * so its activation is the example's.
     */
    public static String tooltip(TokenStrip strip, int t) {
        String text = String.format(Locale.ROOT, "%s: %.3f", TokenText.visible(strip.tokens().get(t)), strip.activations()[t]);
        return t == strip.focus() ? text + "  (this example's token)" : text;
    }
}
