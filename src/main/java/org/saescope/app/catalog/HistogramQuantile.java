package org.saescope.app.catalog;

/**
 * Where an activation lies in a feature's distribution when all that is kept of the distribution
 * is an index histogram: {@code counts[i]} activations in [{@code max·i/B}, {@code max·(i+1)/B})
 * (the last bin includes max). Within a bin the activations are taken as spread evenly, so the
 * answer is the histogram's piecewise-linear CDF: exact at the bin edges, interpolated between.
 */
public final class HistogramQuantile {
    private HistogramQuantile() {
    }

    /**
     * The fraction of the feature's non-zero activations that are ≤ {@code activation}, in [0, 1];
     * NaN when the histogram is empty (the feature never fired, so it has no distribution).
     */
    public static double of(long[] counts, double maxAct, double activation) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0 || counts.length == 0 || !(maxAct > 0) || Double.isNaN(activation)) {
            return Double.NaN;
        }
        if (activation <= 0) {
            return 0;
        }
        if (activation >= maxAct) {
            return 1;
        }
        double width = maxAct / counts.length;
        int bin = Math.min(counts.length - 1, (int) (activation / width));
        long below = 0;
        for (int i = 0; i < bin; i++) {
            below += counts[i];
        }
        double within = (activation - bin * width) / width;
        return Math.min(1, (below + counts[bin] * within) / total);
    }
}
