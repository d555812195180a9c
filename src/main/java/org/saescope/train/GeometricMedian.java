package org.saescope.train;

/**
 * The geometric median (the point minimising the summed Euclidean distance to a set of rows), by
 * Weiszfeld's iteration, in doubles. SAELens initialised b_dec this way: it is a robust centre of
 * the activations, unmoved by a few very large-norm tokens (such as BOS) that drag the mean.
 */
final class GeometricMedian {
    /** Distances below this are floored so a row that coincides with the estimate cannot divide by 0. */
    private static final double MIN_DISTANCE = 1e-12;

    private GeometricMedian() {
    }

    /** The geometric median of rows [n, d] (row-major), starting from their mean. */
    static float[] of(float[] rows, int d, int maxIterations, double tolerance) {
        int n = rows.length / d;
        double[] y = mean(rows, d);
        double[] next = new double[d];
        for (int it = 0; it < maxIterations; it++) {
            java.util.Arrays.fill(next, 0);
            double weightSum = 0;
            for (int t = 0; t < n; t++) {
                double dist = 0;
                for (int i = 0; i < d; i++) {
                    double e = rows[t * d + i] - y[i];
                    dist += e * e;
                }
                double w = 1.0 / Math.max(Math.sqrt(dist), MIN_DISTANCE);
                weightSum += w;
                for (int i = 0; i < d; i++) {
                    next[i] += w * rows[t * d + i];
                }
            }
            double moved = 0;
            double size = 0;
            for (int i = 0; i < d; i++) {
                next[i] /= weightSum;
                moved += (next[i] - y[i]) * (next[i] - y[i]);
                size += next[i] * next[i];
                y[i] = next[i];
            }
            if (Math.sqrt(moved) <= tolerance * (1 + Math.sqrt(size))) {
                break;
            }
        }
        return toFloats(y);
    }

    /** The mean of rows [n, d], as floats. */
    static float[] meanOf(float[] rows, int d) {
        return toFloats(mean(rows, d));
    }

    private static double[] mean(float[] rows, int d) {
        int n = rows.length / d;
        double[] m = new double[d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                m[i] += rows[t * d + i];
            }
        }
        for (int i = 0; i < d; i++) {
            m[i] /= n;
        }
        return m;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
