package org.saescope.eval;

import org.saescope.sae.SparseCodes;

/**
 * Streaming reconstruction and sparsity metrics of an SAE over an evaluation set. Feed it batches
 * with {@link #add}; every metric is defined over the whole set, so feeding the same tokens in one
 * batch or in many gives the same numbers (up to double rounding). All sums are kept in doubles.
 *
 * <p>Definitions, with x the SAE's input and x̂ its reconstruction in input space (b_dec included),
 * f the feature activations of a token, N the number of tokens and d = d_in:
 * <ul>
 *   <li>{@code l0} = (1/N) Σ_t #{j : f_tj ≠ 0} — mean number of active features per token.</li>
 *   <li>{@code l1} = (1/N) Σ_t Σ_j |f_tj|.</li>
 *   <li>{@code mse} = (1/N) Σ_t (1/d) Σ_i (x_ti − x̂_ti)² — the mean over all N·d elements, so it
 *       does not grow with d_in (SAELens' evals report this one).</li>
 *   <li>{@code explained_variance} = 1 − E‖x − x̂‖² / (E‖x‖² − ‖E x‖²) with every expectation over
 *       the whole set. The denominator (the total variance) is accumulated per dimension with
 *       Chan et al.'s pairwise update of mean and sum of squared deviations, not as the difference
 *       of two large sums, so it stays accurate when the mean is large next to the spread.</li>
 *   <li>{@code cossim} = mean over tokens of x·x̂ / (‖x‖‖x̂‖); {@code l2_ratio} = mean of
 *       ‖x̂‖/‖x‖. A token with ‖x‖ = 0 has neither and is left out of both means; a token with
 *       x̂ = 0 (and x ≠ 0) counts as cosine 0 and ratio 0.</li>
 *   <li>{@code dead_features}: features that never fired on the set; {@code dense_features}: those
 *       that fired on more than {@link #DENSE_FRACTION} of its tokens.</li>
 * </ul>
 */
public final class SaeMetrics {
    /** A feature firing on more than this fraction of tokens counts as dense. */
    public static final double DENSE_FRACTION = 0.10;

    private final int dIn;
    private final int dSae;
    private long tokens;
    private double sumL0;
    private double sumL1;
    private double sumSqErr;
    private long normTokens;
    private double sumCos;
    private double sumL2Ratio;
    private final long[] firing;
    // Per-dimension running mean and M2 (sum of squared deviations from the mean) of x.
    private final double[] mean;
    private final double[] m2;

    public SaeMetrics(int dIn, int dSae) {
        if (dIn <= 0 || dSae <= 0) {
            throw new IllegalArgumentException("dIn and dSae must be positive");
        }
        this.dIn = dIn;
        this.dSae = dSae;
        this.firing = new long[dSae];
        this.mean = new double[dIn];
        this.m2 = new double[dIn];
    }

    public int dIn() {
        return dIn;
    }

    public int dSae() {
        return dSae;
    }

    /** Tokens seen so far. */
    public long tokens() {
        return tokens;
    }

    /**
     * Adds n tokens: inputs x [n, dIn], reconstructions xHat [n, dIn] (row-major) and their codes.
     */
    public void add(float[] x, float[] xHat, SparseCodes codes) {
        int n = codes.tokens();
        if (x.length != (long) n * dIn || xHat.length != x.length) {
            throw new IllegalArgumentException("x and xHat must both be [" + n + ", " + dIn + "], got "
                    + x.length + " and " + xHat.length + " elements");
        }
        if (n == 0) {
            return;
        }
        int[] idx = codes.indices();
        float[] val = codes.values();
        for (int t = 0; t < n; t++) {
            int count = 0;
            double l1 = 0;
            for (int p = codes.start(t); p < codes.end(t); p++) {
                if (val[p] != 0f) {
                    count++;
                    l1 += Math.abs(val[p]);
                    int f = idx[p];
                    if (f < 0 || f >= dSae) {
                        throw new IllegalArgumentException("feature index " + f + " outside [0, " + dSae + ")");
                    }
                    firing[f]++;
                }
            }
            sumL0 += count;
            sumL1 += l1;

            double err = 0;
            double xx = 0;
            double hh = 0;
            double xh = 0;
            int o = t * dIn;
            for (int i = 0; i < dIn; i++) {
                double a = x[o + i];
                double b = xHat[o + i];
                double e = a - b;
                err += e * e;
                xx += a * a;
                hh += b * b;
                xh += a * b;
            }
            sumSqErr += err;
            if (xx > 0) {
                normTokens++;
                double nx = Math.sqrt(xx);
                double nh = Math.sqrt(hh);
                sumCos += nh == 0 ? 0 : xh / (nx * nh);
                sumL2Ratio += nh / nx;
            }
        }
        mergeMoments(x, n);
        tokens += n;
    }

    /** Chan et al.: merge the batch's per-dimension mean and M2 into the running ones. */
    private void mergeMoments(float[] x, int n) {
        double[] bMean = new double[dIn];
        for (int t = 0; t < n; t++) {
            int o = t * dIn;
            for (int i = 0; i < dIn; i++) {
                bMean[i] += x[o + i];
            }
        }
        for (int i = 0; i < dIn; i++) {
            bMean[i] /= n;
        }
        double[] bM2 = new double[dIn];
        for (int t = 0; t < n; t++) {
            int o = t * dIn;
            for (int i = 0; i < dIn; i++) {
                double dv = x[o + i] - bMean[i];
                bM2[i] += dv * dv;
            }
        }
        double nA = tokens;
        double nB = n;
        double total = nA + nB;
        for (int i = 0; i < dIn; i++) {
            double delta = bMean[i] - mean[i];
            mean[i] += delta * nB / total;
            m2[i] += bM2[i] + delta * delta * nA * nB / total;
        }
    }

    public double l0() {
        return tokens == 0 ? Double.NaN : sumL0 / tokens;
    }

    public double l1() {
        return tokens == 0 ? Double.NaN : sumL1 / tokens;
    }

    public double mse() {
        return tokens == 0 ? Double.NaN : sumSqErr / tokens / dIn;
    }

    /** 1 − E‖x − x̂‖² / (E‖x‖² − ‖E x‖²); NaN when the set has no variance. */
    public double explainedVariance() {
        if (tokens == 0) {
            return Double.NaN;
        }
        double totalVar = 0;
        for (double v : m2) {
            totalVar += v;
        }
        // Both numerator and denominator are per-token means: (Σ err / N) / (Σ M2 / N).
        return totalVar == 0 ? Double.NaN : 1.0 - sumSqErr / totalVar;
    }

    public double cossim() {
        return normTokens == 0 ? Double.NaN : sumCos / normTokens;
    }

    public double l2Ratio() {
        return normTokens == 0 ? Double.NaN : sumL2Ratio / normTokens;
    }

    public int deadFeatures() {
        int dead = 0;
        for (long c : firing) {
            if (c == 0) {
                dead++;
            }
        }
        return dead;
    }

    public int denseFeatures() {
        int dense = 0;
        for (long c : firing) {
            if (c > DENSE_FRACTION * tokens) {
                dense++;
            }
        }
        return dense;
    }

    /** How many tokens each feature fired on (a copy). */
    public long[] firingCounts() {
        return firing.clone();
    }

    public DensityHistogram densityHistogram() {
        return DensityHistogram.of(firing, tokens);
    }
}
