package org.saescope.app.catalog;

import java.util.List;

/**
 * A window of text as tokens with one feature's activation on each: a top example or a quantile
 * sample, drawn as a row of coloured tokens.
 *
 * @param focus the position the example was chosen for (where the feature fired with the
 *              example's activation), or -1 when the strip is not an example of one token. An
 *              index often stores several examples from the same window; the focus is what tells
 *              them apart.
 */
public record TokenStrip(List<String> tokens, float[] activations, int focus) {
    public TokenStrip {
        tokens = List.copyOf(tokens);
        activations = activations.clone();
        if (tokens.size() != activations.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + activations.length + " activations");
        }
        if (focus < -1 || focus >= tokens.size()) {
            throw new IllegalArgumentException("focus " + focus + " outside a strip of " + tokens.size() + " tokens");
        }
    }

    /** A strip without a focal token. */
    public TokenStrip(List<String> tokens, float[] activations) {
        this(tokens, activations, -1);
    }

    public boolean hasFocus() {
        return focus >= 0;
    }

    /** The activation at the focal token (the one that chose this example); NaN without a focus. */
    public float focusActivation() {
        return focus >= 0 ? activations[focus] : Float.NaN;
    }

    public float max() {
        float m = 0;
        for (float a : activations) {
            m = Math.max(m, a);
        }
        return m;
    }
}
