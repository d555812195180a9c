package org.saescope.features;

/**
 * Count and activation sum of every (token id, feature) pair seen firing, for the features
 * {@code [lo, hi)}. A corpus gives millions of pairs, and every firing updates one, so where the
 * updates land decides the speed:
 *
 * <ul>
 *   <li>the frequent tokens, which carry most firings, get a dense row of counts and sums over
 *       the features: a position's firings all land in its token's row, a few KB that stays in
 *       cache;</li>
 *   <li>the other pairs go to an open-addressing hash table on one primitive array, each slot
 *       holding key, count and sum side by side ({@link #STRIDE} longs), so an update costs one
 *       cache miss rather than one in each of three arrays.</li>
 * </ul>
 *
 * Which tokens are dense changes only the speed: every pair's sum is accumulated in arrival order
 * either way.
 */
final class PairCounts {
    /** Longs per hash slot: key, count, sum (as the bits of a double). */
    private static final int STRIDE = 3;
    private static final long EMPTY = -1L;

    private final int lo;
    private final int width;
    /** Dense row of each token id, or −1 (ids past the end are not dense). */
    private final int[] denseRow;
    private final int[] rowToken;
    private final int[] denseCount;
    private final double[] denseSum;

    private long[] table;
    private int slots;
    private int size;

    /** Hash table only, for every feature id. */
    PairCounts() {
        this(0, Integer.MAX_VALUE, new int[0]);
    }

    /**
     * @param denseTokens token ids given a dense row over {@code [lo, hi)} (distinct, non-negative)
     */
    PairCounts(int lo, int hi, int[] denseTokens) {
        this.lo = lo;
        this.width = hi - lo;
        int maxToken = -1;
        for (int t : denseTokens) {
            maxToken = Math.max(maxToken, t);
        }
        this.denseRow = new int[maxToken + 1];
        java.util.Arrays.fill(denseRow, -1);
        for (int r = 0; r < denseTokens.length; r++) {
            denseRow[denseTokens[r]] = r;
        }
        this.rowToken = denseTokens.clone();
        long cells = (long) denseTokens.length * Math.max(width, 0);
        if (denseTokens.length > 0 && cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dense rows too large: " + cells + " cells");
        }
        this.denseCount = new int[denseTokens.length == 0 ? 0 : (int) cells];
        this.denseSum = new double[denseCount.length];
        allocate(1 << 16);
    }

    static long key(int token, int feature) {
        return ((long) token << 32) | (feature & 0xFFFFFFFFL);
    }

    void add(int token, int feature, float act) {
        int r = token < denseRow.length ? denseRow[token] : -1;
        if (r >= 0) {
            int c = r * width + (feature - lo);
            denseCount[c]++;
            denseSum[c] += act;
            return;
        }
        if (size * 2 >= slots) {
            grow();
        }
        long k = key(token, feature);
        int i = slot(k, table, slots) * STRIDE;
        if (table[i] == EMPTY) {
            table[i] = k;
            table[i + 2] = Double.doubleToRawLongBits(0.0);
            size++;
        }
        table[i + 1]++;
        table[i + 2] = Double.doubleToRawLongBits(Double.longBitsToDouble(table[i + 2]) + act);
    }

    /** Distinct pairs seen. */
    int size() {
        int n = size;
        for (int c : denseCount) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    /** Visits every pair, in no particular order: (token, feature, count, sum). */
    void forEach(Visitor v) {
        for (int r = 0; r < rowToken.length; r++) {
            for (int j = 0; j < width; j++) {
                int c = r * width + j;
                if (denseCount[c] > 0) {
                    v.visit(rowToken[r], lo + j, denseCount[c], denseSum[c]);
                }
            }
        }
        for (int i = 0; i < slots * STRIDE; i += STRIDE) {
            if (table[i] != EMPTY) {
                v.visit((int) (table[i] >>> 32), (int) table[i], (int) table[i + 1], Double.longBitsToDouble(table[i + 2]));
            }
        }
    }

    interface Visitor {
        void visit(int token, int feature, int count, double sum);
    }

    private void allocate(int n) {
        slots = n;
        table = new long[n * STRIDE];
        for (int i = 0; i < table.length; i += STRIDE) {
            table[i] = EMPTY;
        }
    }

    /** The slot of key k: where it is, or the empty one where it goes. */
    private static int slot(long k, long[] table, int slots) {
        int mask = slots - 1;
        int i = (int) BandReservoirs.mix(k) & mask;
        while (table[i * STRIDE] != EMPTY && table[i * STRIDE] != k) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] old = table;
        int oldSlots = slots;
        allocate(oldSlots * 2);
        for (int i = 0; i < oldSlots * STRIDE; i += STRIDE) {
            if (old[i] != EMPTY) {
                int j = slot(old[i], table, slots) * STRIDE;
                table[j] = old[i];
                table[j + 1] = old[i + 1];
                table[j + 2] = old[i + 2];
            }
        }
    }
}
