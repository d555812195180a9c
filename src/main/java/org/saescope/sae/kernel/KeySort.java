package org.saescope.sae.kernel;

import java.util.Arrays;

/**
 * Sorts packed code keys ({@link RowSelector#sortKey}) that were appended in ascending feature
 * index order. Small runs go to {@link Arrays#sort(long[], int, int)}; long ones (a ReLU SAE with
 * random weights fires half its features on every token) to a stable LSD radix sort on the 31
 * value bits only: stability keeps the ascending index order among equal values, which is the
 * tie rule, so the low 32 bits need no passes. Three 11-bit passes replace ~m·log2(m) branchy
 * comparisons.
 */
final class KeySort {
    private static final int RADIX_FROM = 512;
    private static final int BITS = 11;
    private static final int BUCKETS = 1 << BITS;
    private long[] tmp = new long[0];
    private final int[] counts = new int[BUCKETS];

    /** Sorts keys[0..m) ascending; requires their indices (low 32 bits) to be ascending already. */
    void sort(long[] keys, int m) {
        if (m < RADIX_FROM) {
            Arrays.sort(keys, 0, m);
            return;
        }
        if (tmp.length < m) {
            tmp = new long[Math.max(m, keys.length)];
        }
        long[] src = keys;
        long[] dst = tmp;
        for (int shift = 32; shift < 63; shift += BITS) {
            if (countDigits(src, m, shift)) {
                continue; // every key has the same digit here: the pass would not move anything
            }
            int sum = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int c = counts[b];
                counts[b] = sum;
                sum += c;
            }
            for (int i = 0; i < m; i++) {
                long key = src[i];
                dst[counts[(int) (key >>> shift) & (BUCKETS - 1)]++] = key;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != keys) {
            System.arraycopy(src, 0, keys, 0, m);
        }
    }

    /** Fills the digit histogram; returns true when all m keys fall in one bucket. */
    private boolean countDigits(long[] src, int m, int shift) {
        Arrays.fill(counts, 0);
        for (int i = 0; i < m; i++) {
            counts[(int) (src[i] >>> shift) & (BUCKETS - 1)]++;
        }
        return counts[(int) (src[0] >>> shift) & (BUCKETS - 1)] == m;
    }
}
