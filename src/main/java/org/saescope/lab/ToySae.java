package org.saescope.lab;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small SAE over m-dimensional toy activations, with hand-derived gradients. Atom j (decoder
 * row, unit norm) is {@code wDec[j*m .. j*m+m)}; encoder row j is {@code wEnc[j*m .. j*m+m)}.
 * <pre>
 *   pre = W_enc (h − b_dec) + b_enc
 *   f   = ReLU(pre)                        (RELU_L1)
 *       = ReLU(pre) on the k largest pre, 0 elsewhere   (TOPK)
 *   ĥ   = W_decᵀ f + b_dec
 *   L   = (1/B) Σ_b ‖ĥ_b − h_b‖² + λ (1/B) Σ_b Σ_j f_bj       (λ = 0 for TOPK)
 * </pre>
 * The decoder rows are put back on the unit sphere after every step, so the L1 penalty cannot be
 * dodged by shrinking codes and growing atoms (Sharkey et al. 2022 constrain the dictionary alike).
 */
public final class ToySae {
    final int m;
    final int d;
    final double[] wEnc;
    final double[] bEnc;
    final double[] wDec;
    final double[] bDec;

    ToySae(int m, int d, double[] wEnc, double[] bEnc, double[] wDec, double[] bDec) {
        this.m = m;
        this.d = d;
        this.wEnc = wEnc;
        this.bEnc = bEnc;
        this.wDec = wDec;
        this.bDec = bDec;
    }

    /** Random unit atoms, encoder tied to the decoder at the start, zero biases. */
    static ToySae init(int m, int d, SplittableRandom rng) {
        double[] wDec = new double[d * m];
        for (int i = 0; i < wDec.length; i++) {
            wDec[i] = rng.nextGaussian();
        }
        ToySae sae = new ToySae(m, d, new double[d * m], new double[d], wDec, new double[m]);
        sae.normalizeDecoder();
        System.arraycopy(sae.wDec, 0, sae.wEnc, 0, wDec.length);
        return sae;
    }

    /** Copies of the parameters, for tests and pictures. */
    public double[] decoder() {
        return wDec.clone();
    }

    public int latents() {
        return d;
    }

    /** The codes of one input (length d). */
    double[] encode(double[] h, int offset, ToySaeArch arch, int k) {
        double[] f = new double[d];
        for (int j = 0; j < d; j++) {
            double s = bEnc[j];
            for (int c = 0; c < m; c++) {
                s += wEnc[j * m + c] * (h[offset + c] - bDec[c]);
            }
            f[j] = s;
        }
        if (arch == ToySaeArch.TOPK && k < d) {
            keepTopK(f, k);
        }
        for (int j = 0; j < d; j++) {
            if (f[j] < 0) {
                f[j] = 0;
            }
        }
        return f;
    }

    /** Zeroes all but the k largest entries; ties at the k-th value go to the lower indices. */
    private static void keepTopK(double[] pre, int k) {
        double threshold = kthLargest(pre, k);
        int above = 0;
        for (double v : pre) {
            if (v > threshold) {
                above++;
            }
        }
        int tiesToKeep = k - above;
        for (int j = 0; j < pre.length; j++) {
            if (pre[j] > threshold) {
                continue;
            }
            if (pre[j] == threshold && tiesToKeep > 0) {
                tiesToKeep--;
            } else {
                pre[j] = 0;
            }
        }
    }

    /** k-th largest value: k scans for small k (the usual case, k = 1 or 2), a sort otherwise. */
    static double kthLargest(double[] a, int k) {
        if (k > 8) {
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            return sorted[a.length - k];
        }
        double bound = Double.POSITIVE_INFINITY;
        int taken = 0;
        double value = Double.NEGATIVE_INFINITY;
        while (taken < k) {
            value = Double.NEGATIVE_INFINITY;
            int count = 0;
            for (double v : a) {
                if (v < bound && v > value) {
                    value = v;
                    count = 1;
                } else if (v < bound && v == value) {
                    count++;
                }
            }
            taken += count;
            bound = value;
        }
        return value;
    }

    /**
     * Loss on a batch (h row-major B × m); writes the gradients (overwritten) and marks in
     * {@code fired} (length d, may be null) every latent that was nonzero on some input.
     */
    double lossAndGradients(double[] h, int batch, ToySaeArch arch, int k, double l1, Grads g, boolean[] fired) {
        g.clear();
        double lambda = arch == ToySaeArch.TOPK ? 0 : l1;
        double loss = 0;
        double[] dh = new double[m];
        double[] centred = new double[m];
        for (int s = 0; s < batch; s++) {
            int off = s * m;
            double[] f = encode(h, off, arch, k);
            for (int c = 0; c < m; c++) {
                centred[c] = h[off + c] - bDec[c];
                double rec = bDec[c];
                for (int j = 0; j < d; j++) {
                    rec += wDec[j * m + c] * f[j];
                }
                double r = rec - h[off + c];
                loss += r * r / batch;
                dh[c] = 2 * r / batch;
                g.bDec[c] += dh[c];
            }
            for (int j = 0; j < d; j++) {
                double fj = f[j];
                if (fj <= 0) {
                    continue;
                }
                if (fired != null) {
                    fired[j] = true;
                }
                loss += lambda * fj / batch;
                double df = lambda / batch;
                for (int c = 0; c < m; c++) {
                    g.wDec[j * m + c] += fj * dh[c];
                    df += wDec[j * m + c] * dh[c];
                }
                g.bEnc[j] += df;
                for (int c = 0; c < m; c++) {
                    g.wEnc[j * m + c] += df * centred[c];
                    g.bDec[c] -= df * wEnc[j * m + c];
                }
            }
        }
        return loss;
    }

    /** Every atom back to unit norm (a zero atom stays zero). */
    void normalizeDecoder() {
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int c = 0; c < m; c++) {
                s += wDec[j * m + c] * wDec[j * m + c];
            }
            if (s > 0) {
                double inv = 1 / Math.sqrt(s);
                for (int c = 0; c < m; c++) {
                    wDec[j * m + c] *= inv;
                }
            }
        }
    }

    double[][] params() {
        return new double[][] {wEnc, bEnc, wDec, bDec};
    }

    /** Gradient buffers shaped like the parameters. */
    static final class Grads {
        final double[] wEnc;
        final double[] bEnc;
        final double[] wDec;
        final double[] bDec;

        Grads(int m, int d) {
            wEnc = new double[d * m];
            bEnc = new double[d];
            wDec = new double[d * m];
            bDec = new double[m];
        }

        void clear() {
            Arrays.fill(wEnc, 0);
            Arrays.fill(bEnc, 0);
            Arrays.fill(wDec, 0);
            Arrays.fill(bDec, 0);
        }

        double[][] all() {
            return new double[][] {wEnc, bEnc, wDec, bDec};
        }
    }
}
