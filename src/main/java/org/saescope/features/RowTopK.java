package org.saescope.features;

/**
 * The k largest entries of a row, in one pass with a threshold test per entry (the common case is
 * one comparison). Ties go to the lower index, so results are reproducible.
 */
final class RowTopK {
    private RowTopK() {
    }

    /**
     * Writes the indices and values of the {@code k} largest of {@code row[off..off+n)} (times
     * {@code sign}: −1 selects the smallest) into {@code idx}/{@code val} at {@code outOff}, best
     * first, skipping index {@code exclude} (−1 for none). Returns how many were written.
     */
    static int select(float[] row, int off, int n, int k, float sign, int exclude, int[] idx, float[] val, int outOff) {
        int[] bi = new int[k];
        float[] bv = new float[k];
        int s = 0;
        for (int j = 0; j < n; j++) {
            if (j == exclude) {
                continue;
            }
            float v = sign * row[off + j];
            if (v != v) {
                continue; // NaN never ranks
            }
            if (s == k && v <= bv[k - 1]) {
                continue; // not better than the worst kept (ties keep the lower index, seen first)
            }
            int i = s == k ? k - 1 : s++;
            while (i > 0 && bv[i - 1] < v) {
                bv[i] = bv[i - 1];
                bi[i] = bi[i - 1];
                i--;
            }
            bv[i] = v;
            bi[i] = j;
        }
        for (int i = 0; i < s; i++) {
            idx[outOff + i] = bi[i];
            val[outOff + i] = sign * bv[i];
        }
        return s;
    }
}
