package org.saescope.sae.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeySortTest {
    /** Keys as a selector appends them: ascending feature index, values from a small set (ties). */
    private static long[] keys(int m, int distinctValues, long seed) {
        Random r = new Random(seed);
        float[] pool = new float[distinctValues];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = (float) Math.exp(r.nextGaussian() * 3); // positive, wide range of exponents
        }
        long[] k = new long[m];
        for (int i = 0; i < m; i++) {
            k[i] = RowSelector.sortKey(pool[r.nextInt(pool.length)], 3 * i + r.nextInt(3));
        }
        return k;
    }

    @Test
    void ordersLikeAComparisonSortForShortAndLongRuns() {
        KeySort sorter = new KeySort();
        for (int m : new int[] {0, 1, 5, 511, 512, 3000, 20000}) {
            for (int distinct : new int[] {1, 7, 100000}) {
                long[] k = keys(m, distinct, m * 31L + distinct);
                long[] want = k.clone();
                Arrays.sort(want);
                sorter.sort(k, m);
                assertThat(k).as("m=%d distinct=%d", m, distinct).containsExactly(want);
            }
        }
    }

    @Test
    void sortKeyOrderIsValueDescendingThenIndexAscending() {
        long[] k = {RowSelector.sortKey(1f, 5), RowSelector.sortKey(2f, 9), RowSelector.sortKey(1f, 2),
            RowSelector.sortKey(Float.MIN_VALUE, 0), RowSelector.sortKey(Float.POSITIVE_INFINITY, 7)};
        Arrays.sort(k);
        int[] idx = new int[k.length];
        float[] val = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            idx[i] = RowSelector.keyIndex(k[i]);
            val[i] = RowSelector.keyValue(k[i]);
        }
        assertThat(idx).containsExactly(7, 9, 2, 5, 0);
        assertThat(val).containsExactly(Float.POSITIVE_INFINITY, 2f, 1f, 1f, Float.MIN_VALUE);
    }
}
