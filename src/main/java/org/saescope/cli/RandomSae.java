package org.saescope.cli;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.saescope.sae.kernel.Arch;
import org.saescope.sae.kernel.EncoderSpec;

/**
 * Random SAE weights and inputs for benchmarks, built the way {@code shared/bench/torch_sae_bench.py}
 * builds them, so the two measure the same work: W_enc ~ N(0, 1)/√d_in, W_dec = W_encᵀ,
 * b_enc and b_dec ~ N(0, 1)·0.01, x ~ N(0, 1). With these, every pre-activation is close to
 * N(0, 1) (‖W_enc[:, j]‖ ≈ 1), which fixes the JumpReLU threshold (see {@link #jumpThreshold}).
 */
final class RandomSae {
    final EncoderSpec spec;
    final float[] bDec;

    private RandomSae(EncoderSpec spec, float[] bDec) {
        this.spec = spec;
        this.bDec = bDec;
    }

    /**
     * JumpReLU threshold shared by all features: the (1 − k/d_sae) quantile of N(0, 1), so that a
     * token fires about k features on average, as a trained SAE with L0 ≈ k does. (A threshold of
     * 0.5·std would fire a third of all features, which no real SAE does.)
     */
    static float jumpThreshold(int k, int dSae) {
        return (float) new NormalDistribution(0, 1).inverseCumulativeProbability(1.0 - (double) k / dSae);
    }

    static RandomSae create(Arch arch, int dIn, int dSae, int k, long seed) {
        Random rnd = new Random(seed);
        int n = Math.multiplyExact(dIn, dSae);
        float[] wEnc = new float[n];
        float scale = (float) (1.0 / Math.sqrt(dIn));
        for (int i = 0; i < n; i++) {
            wEnc[i] = (float) rnd.nextGaussian() * scale;
        }
        float[] wDec = new float[n];
        for (int i = 0; i < dIn; i++) {
            for (int j = 0; j < dSae; j++) {
                wDec[j * dIn + i] = wEnc[i * dSae + j];
            }
        }
        float[] bEnc = gaussian(rnd, dSae, 0.01f);
        float[] bDec = gaussian(rnd, dIn, 0.01f);
        EncoderSpec spec;
        switch (arch) {
            case TOPK:
                spec = new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bEnc, null, null, null, null, k, null);
                break;
            case RELU:
                spec = new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bEnc, null, null, null, null, 0, null);
                break;
            case JUMPRELU: {
                float[] threshold = new float[dSae];
                Arrays.fill(threshold, jumpThreshold(k, dSae));
                spec = new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bEnc, threshold, null, null, null, 0, null);
                break;
            }
            case GATED: {
                // Gate and magnitude share W_enc as in SAELens; r_mag = 0 so exp(r_mag) = 1.
                float[] rMagExp = new float[dSae];
                Arrays.fill(rMagExp, 1f);
                spec = new EncoderSpec(arch, dIn, dSae, wEnc, wDec, null, null, bEnc, rMagExp,
                        gaussian(rnd, dSae, 0.01f), 0, null);
                break;
            }
            default:
                throw new IllegalArgumentException("unknown architecture " + arch);
        }
        return new RandomSae(spec, bDec);
    }

    /** [tokens, dIn] inputs ~ N(0, 1). */
    static float[] inputs(int tokens, int dIn, long seed) {
        return gaussian(new Random(seed), Math.multiplyExact(tokens, dIn), 1f);
    }

    private static float[] gaussian(Random rnd, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian() * scale;
        }
        return a;
    }
}
