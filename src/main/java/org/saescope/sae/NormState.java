package org.saescope.sae;

/**
 * What {@link Sae#encodeWithState} did to each token's activations, so that {@link Sae#decode}
 * can undo it (SAELens keeps the same numbers on the module: {@code x_norm_coeff}, {@code ln_mu},
 * {@code ln_std}). Immutable; arrays are never exposed.
 */
public final class NormState {
    private final NormalizeActivations mode;
    private final int tokens;
    /** CONSTANT_NORM_RESCALE: the coefficient c per token; LAYER_NORM: σ per token; else null. */
    private final float[] scale;
    /** LAYER_NORM: μ per token; else null. */
    private final float[] shift;

    NormState(NormalizeActivations mode, int tokens, float[] scale, float[] shift) {
        this.mode = mode;
        this.tokens = tokens;
        this.scale = scale;
        this.shift = shift;
    }

    /** The state of a mode without per-token numbers (NONE, EXPECTED_AVERAGE_ONLY_IN). */
    static NormState stateless(NormalizeActivations mode, int tokens) {
        return new NormState(mode, tokens, null, null);
    }

    public NormalizeActivations mode() {
        return mode;
    }

    public int tokens() {
        return tokens;
    }

    float scale(int t) {
        return scale[t];
    }

    float shift(int t) {
        return shift[t];
    }

    /** A state covering tokens [from, to) of this one (for decoding part of a batch). */
    public NormState slice(int from, int to) {
        if (from < 0 || to > tokens || from > to) {
            throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + tokens);
        }
        return new NormState(mode, to - from,
                scale == null ? null : java.util.Arrays.copyOfRange(scale, from, to),
                shift == null ? null : java.util.Arrays.copyOfRange(shift, from, to));
    }
}
