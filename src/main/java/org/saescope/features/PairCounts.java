package org.saescope.features;

/**
 * Count and activation sum of every (token id, feature) pair seen firing: an open-addressing hash
 * table on primitive arrays, since a corpus gives millions of pairs.
 */
final class PairCounts {
    private long[] keys;
    private int[] counts;
    private double[] sums;
    private int size;

    PairCounts() {
        keys = new long[1 << 16];
        java.util.Arrays.fill(keys, -1L);
        counts = new int[keys.length];
        sums = new double[keys.length];
    }

    static long key(int token, int feature) {
        return ((long) token << 32) | (feature & 0xFFFFFFFFL);
    }

    void add(int token, int feature, float act) {
        if (size * 2 >= keys.length) {
            grow();
        }
        long k = key(token, feature);
        int i = slot(k, keys);
        if (keys[i] == -1L) {
            keys[i] = k;
            size++;
        }
        counts[i]++;
        sums[i] += act;
    }

    int size() {
        return size;
    }

    /** Visits every pair: (token, feature, count, sum). */
    void forEach(Visitor v) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != -1L) {
                v.visit((int) (keys[i] >>> 32), (int) keys[i], counts[i], sums[i]);
            }
        }
    }

    interface Visitor {
        void visit(int token, int feature, int count, double sum);
    }

    private static int slot(long k, long[] table) {
        int mask = table.length - 1;
        int i = (int) BandReservoirs.mix(k) & mask;
        while (table[i] != -1L && table[i] != k) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        double[] oldSums = sums;
        keys = new long[oldKeys.length * 2];
        java.util.Arrays.fill(keys, -1L);
        counts = new int[keys.length];
        sums = new double[keys.length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1L) {
                int j = slot(oldKeys[i], keys);
                keys[j] = oldKeys[i];
                counts[j] = oldCounts[i];
                sums[j] = oldSums[i];
            }
        }
    }
}
