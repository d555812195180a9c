package org.saescope.sae.kernel;

import java.util.Random;

/**
 * Random SAE specs for kernel tests. "Quantised" specs put every number on a power-of-two grid
 * small enough that all pre-activations are exact in float32 whatever order a matmul sums in, so
 * two correct kernels must agree bit for bit, ties included; "Gaussian" specs are plain floats.
 */
final class TestSpecs {
    private TestSpecs() {
    }

    /** Rounds to a multiple of step (a power of two) and clamps to ±limit. */
    private static float q(double v, double step, double limit) {
        double c = Math.max(-limit, Math.min(limit, v));
        return (float) (Math.rint(c / step) * step);
    }

    /**
     * x on a 1/16 grid in [-4, 4], W_enc on a 1/256 grid in [-1, 1], biases on a 1/4096 grid,
     * scales and exp(r_mag) in multiples of 1/4 up to 2: for dIn ≤ 64 every product and sum is exact.
     */
    static EncoderSpec quantized(Arch arch, int dIn, int dSae, int k, boolean scaled, long seed) {
        Random r = new Random(seed);
        float[] wEnc = new float[dIn * dSae];
        for (int i = 0; i < wEnc.length; i++) {
            wEnc[i] = q(r.nextGaussian() / Math.sqrt(dIn), 1.0 / 256, 1);
        }
        return build(arch, dIn, dSae, k, scaled, r, wEnc, 1.0 / 4096);
    }

    /** Plain float weights, W_enc ~ N(0, 1/dIn), biases ~ N(0, 0.3²). */
    static EncoderSpec gaussian(Arch arch, int dIn, int dSae, int k, boolean scaled, long seed) {
        Random r = new Random(seed);
        float[] wEnc = new float[dIn * dSae];
        for (int i = 0; i < wEnc.length; i++) {
            wEnc[i] = (float) (r.nextGaussian() / Math.sqrt(dIn));
        }
        return build(arch, dIn, dSae, k, scaled, r, wEnc, 0);
    }

    /**
     * Weights in {-1/2, 0, 1/2} and biases in {-1/2, 0, 1/2}: with inputs from {@link #tieInputs}
     * the pre-activations take only a few values, so most comparisons are ties.
     */
    static EncoderSpec ties(Arch arch, int dIn, int dSae, int k, long seed) {
        Random r = new Random(seed);
        float[] wEnc = new float[dIn * dSae];
        for (int i = 0; i < wEnc.length; i++) {
            wEnc[i] = (r.nextInt(3) - 1) * 0.5f;
        }
        float[] bias = new float[dSae];
        for (int j = 0; j < dSae; j++) {
            bias[j] = (r.nextInt(3) - 1) * 0.5f;
        }
        float[] ones = new float[dSae];
        java.util.Arrays.fill(ones, 1f);
        float[] wDec = transpose(wEnc, dIn, dSae);
        switch (arch) {
            case TOPK:
                return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bias, null, null, null, null, k, null);
            case RELU:
                return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bias, null, null, null, null, 0, null);
            case JUMPRELU: {
                float[] th = new float[dSae];
                java.util.Arrays.fill(th, 0.5f);
                return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bias, th, null, null, null, 0, null);
            }
            case GATED:
                return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, null, null, bias, ones, bias.clone(), 0, null);
            default:
                throw new IllegalArgumentException();
        }
    }

    private static EncoderSpec build(Arch arch, int dIn, int dSae, int k, boolean scaled, Random r, float[] wEnc,
                                     double biasStep) {
        float[] wDec = transpose(wEnc, dIn, dSae);
        float[] bias = vector(r, dSae, 0.3, biasStep);
        switch (arch) {
            case TOPK: {
                float[] scale = null;
                if (scaled) {
                    scale = new float[dSae];
                    for (int j = 0; j < dSae; j++) {
                        scale[j] = (1 + r.nextInt(8)) * 0.25f;
                    }
                }
                return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bias, null, null, null, null, k, scale);
            }
            case RELU:
                return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bias, null, null, null, null, 0, null);
            case JUMPRELU: {
                float[] th = new float[dSae];
                for (int j = 0; j < dSae; j++) {
                    th[j] = q(Math.abs(r.nextGaussian()) * 0.5, 1.0 / 64, 4);
                }
                return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bias, th, null, null, null, 0, null);
            }
            case GATED: {
                float[] rMagExp = new float[dSae];
                for (int j = 0; j < dSae; j++) {
                    rMagExp[j] = biasStep > 0 ? (1 + r.nextInt(8)) * 0.25f : (float) Math.exp(r.nextGaussian() * 0.3);
                }
                return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, null, null, bias, rMagExp,
                        vector(r, dSae, 0.3, biasStep), 0, null);
            }
            default:
                throw new IllegalArgumentException();
        }
    }

    private static float[] vector(Random r, int n, double sd, double step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = step > 0 ? q(r.nextGaussian() * sd, step, 8) : (float) (r.nextGaussian() * sd);
        }
        return v;
    }

    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    /** Inputs on a 1/16 grid in [-4, 4]. */
    static float[] quantizedInputs(int n, int dIn, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dIn];
        for (int i = 0; i < x.length; i++) {
            x[i] = q(r.nextGaussian(), 1.0 / 16, 4);
        }
        return x;
    }

    static float[] gaussianInputs(int n, int dIn, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dIn];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Inputs in {-1, 0, 1}. */
    static float[] tieInputs(int n, int dIn, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dIn];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(3) - 1;
        }
        return x;
    }
}
