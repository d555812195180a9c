package org.saescope.sae;

/**
 * SAELens v6's run-time activation normalisation (sae_lens/saes/sae.py,
 * {@code _setup_activation_normalization}), applied in place to row-major [n, dIn] arrays.
 * Sums are taken in double and the per-token numbers rounded to float once.
 */
final class ActivationNormalizer {
    /** SAELens' layer-norm eps, added to σ (not to the variance). */
    static final float LAYER_NORM_EPS = 1e-5f;

    private final NormalizeActivations mode;
    private final int dIn;
    /** EXPECTED_AVERAGE_ONLY_IN's dataset-wide s; null: identity (as SAELens without a known s). */
    private final Double scalingFactor;

    ActivationNormalizer(NormalizeActivations mode, int dIn, Double scalingFactor) {
        this.mode = mode;
        this.dIn = dIn;
        this.scalingFactor = scalingFactor;
    }

    /** Normalises x [n, dIn] in place and returns what decode needs to undo it. */
    NormState normalize(float[] x, int n) {
        switch (mode) {
            case CONSTANT_NORM_RESCALE:
                return constantNormIn(x, n);
            case LAYER_NORM:
                return layerNormIn(x, n);
            case EXPECTED_AVERAGE_ONLY_IN:
                if (scalingFactor != null) {
                    float s = scalingFactor.floatValue();
                    for (int i = 0; i < n * dIn; i++) {
                        x[i] *= s;
                    }
                }
                return NormState.stateless(mode, n);
            default:
                return NormState.stateless(mode, n);
        }
    }

    /** Undoes {@link #normalize} on decoder output y [n, dIn], in place. */
    void denormalize(float[] y, int n, NormState state) {
        if (state == null || state.mode() != mode || state.tokens() != n) {
            throw new IllegalArgumentException("normalisation state does not match these " + n
                    + " tokens (" + mode.id() + ")");
        }
        switch (mode) {
            case CONSTANT_NORM_RESCALE:
                for (int t = 0; t < n; t++) {
                    float c = state.scale(t);
                    for (int i = t * dIn; i < (t + 1) * dIn; i++) {
                        y[i] /= c;
                    }
                }
                break;
            case LAYER_NORM:
                for (int t = 0; t < n; t++) {
                    float std = state.scale(t);
                    float mu = state.shift(t);
                    for (int i = t * dIn; i < (t + 1) * dIn; i++) {
                        y[i] = y[i] * std + mu;
                    }
                }
                break;
            case EXPECTED_AVERAGE_ONLY_IN:
                if (scalingFactor != null) {
                    float s = scalingFactor.floatValue();
                    for (int i = 0; i < n * dIn; i++) {
                        y[i] /= s;
                    }
                }
                break;
            default:
                break;
        }
    }

    private NormState constantNormIn(float[] x, int n) {
        float[] coeff = new float[n];
        double sqrtD = Math.sqrt(dIn);
        for (int t = 0; t < n; t++) {
            double ss = 0;
            for (int i = t * dIn; i < (t + 1) * dIn; i++) {
                ss += (double) x[i] * x[i];
            }
            // SAELens divides by ‖x‖ unguarded, turning an all-zero row (padding) into NaN; we
            // leave such a row as it is (c = 1), which is the limit that keeps it zero.
            coeff[t] = ss > 0 ? (float) (sqrtD / Math.sqrt(ss)) : 1f;
            for (int i = t * dIn; i < (t + 1) * dIn; i++) {
                x[i] *= coeff[t];
            }
        }
        return new NormState(mode, n, coeff, null);
    }

    private NormState layerNormIn(float[] x, int n) {
        float[] std = new float[n];
        float[] mu = new float[n];
        for (int t = 0; t < n; t++) {
            double sum = 0;
            for (int i = t * dIn; i < (t + 1) * dIn; i++) {
                sum += x[i];
            }
            mu[t] = (float) (sum / dIn);
            double ss = 0;
            for (int i = t * dIn; i < (t + 1) * dIn; i++) {
                x[i] -= mu[t];
                ss += (double) x[i] * x[i];
            }
            // torch.std defaults to the unbiased estimator (divide by n - 1).
            std[t] = (float) Math.sqrt(ss / (dIn - 1));
            float denom = std[t] + LAYER_NORM_EPS;
            for (int i = t * dIn; i < (t + 1) * dIn; i++) {
                x[i] /= denom;
            }
        }
        return new NormState(mode, n, std, mu);
    }
}
