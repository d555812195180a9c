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

    /**
     * {@link #select} with sign +1 into {@code topIdx}/{@code topVal} and with sign −1 into
     * {@code bottomIdx}/{@code bottomVal}, in one pass over the row (the logit effects scan d_sae
     * rows of a whole vocabulary, and the second pass cost as much as the first). Returns how many
     * were written to each.
     */
    static int selectBoth(float[] row, int off, int n, int k, int[] topIdx, float[] topVal, int[] bottomIdx,
                          float[] bottomVal, int outOff) {
        int[] ti = new int[k];
        float[] tv = new float[k];
        int[] bi = new int[k];
        float[] bv = new float[k];
        int ts = 0;
        int bs = 0;
        for (int j = 0; j < n; j++) {
            float x = row[off + j];
            if (x != x) {
                continue; // NaN never ranks
            }
            if (ts < k || x > tv[k - 1]) {
                int i = ts == k ? k - 1 : ts++;
                while (i > 0 && tv[i - 1] < x) {
                    tv[i] = tv[i - 1];
                    ti[i] = ti[i - 1];
                    i--;
                }
                tv[i] = x;
                ti[i] = j;
            }
            float y = -x;
            if (bs < k || y > bv[k - 1]) {
                int i = bs == k ? k - 1 : bs++;
                while (i > 0 && bv[i - 1] < y) {
                    bv[i] = bv[i - 1];
                    bi[i] = bi[i - 1];
                    i--;
                }
                bv[i] = y;
                bi[i] = j;
            }
        }
        for (int i = 0; i < ts; i++) {
            topIdx[outOff + i] = ti[i];
            topVal[outOff + i] = tv[i];
        }
        for (int i = 0; i < bs; i++) {
            bottomIdx[outOff + i] = bi[i];
            bottomVal[outOff + i] = -bv[i];
        }
        return ts;
    }
}
