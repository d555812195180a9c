package org.saescope.eval;

/**
 * Histogram of per-feature firing density on a log10 scale, the plot SAE papers and SAELens show.
 *
 * <p>Definition: a feature's density is (tokens it fired on) / (tokens seen); its position is
 * {@code log10(density + 1e-10)}, the same epsilon SAELens uses for its {@code sparsity} log, so a
 * feature that never fired sits at exactly -10. The range [-10, 0] is cut into {@link #BINS} bins
 * of width {@link #BIN_WIDTH}: bin b holds positions in [-10 + b·w, -10 + (b+1)·w), and the last
 * bin also holds 0 (a feature that fired on every token). Dead features therefore land in bin 0.
 *
 * @param edges  {@code BINS + 1} bin edges, ascending, from -10 to 0
 * @param counts number of features per bin
 */
public record DensityHistogram(double[] edges, long[] counts) {
    /** log10 floor: log10(1e-10), where a never-firing feature lands. */
    public static final double LOG10_MIN = -10.0;
    public static final double LOG10_MAX = 0.0;
    public static final double BIN_WIDTH = 0.5;
    public static final int BINS = 20;
    /** Added to a density before the log so that zero is finite (as SAELens' log_feature_sparsity). */
    public static final double EPS = 1e-10;

    public DensityHistogram {
        edges = edges.clone();
        counts = counts.clone();
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** The histogram of the given firing counts over {@code tokens} tokens. */
    public static DensityHistogram of(long[] firingCounts, long tokens) {
        double[] edges = new double[BINS + 1];
        for (int b = 0; b <= BINS; b++) {
            edges[b] = LOG10_MIN + b * BIN_WIDTH;
        }
        long[] counts = new long[BINS];
        for (long c : firingCounts) {
            double density = tokens == 0 ? 0.0 : (double) c / tokens;
            counts[bin(Math.log10(density + EPS))]++;
        }
        return new DensityHistogram(edges, counts);
    }

    /** The bin of a log10 position, clamped into [0, BINS). */
    static int bin(double log10Density) {
        int b = (int) Math.floor((log10Density - LOG10_MIN) / BIN_WIDTH);
        return Math.max(0, Math.min(BINS - 1, b));
    }
}
