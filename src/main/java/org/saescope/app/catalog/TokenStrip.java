package org.saescope.app.catalog;

import java.util.List;

/**
 * A window of text as tokens with one feature's activation on each: a top example or a quantile
 * sample, drawn as a row of coloured tokens.
 */
public record TokenStrip(List<String> tokens, float[] activations) {
    public TokenStrip {
        tokens = List.copyOf(tokens);
        activations = activations.clone();
        if (tokens.size() != activations.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + activations.length + " activations");
        }
    }

    public float max() {
        float m = 0;
        for (float a : activations) {
            m = Math.max(m, a);
        }
        return m;
    }
}
