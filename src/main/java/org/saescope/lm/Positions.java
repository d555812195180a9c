package org.saescope.lm;

import java.util.Arrays;

/** Which token positions (absolute, 0 = first token of the sequence) an intervention edits. */
public final class Positions {
    private static final Positions ALL = new Positions(null);

    /** Sorted distinct positions, or null for all positions. */
    private final int[] sorted;

    private Positions(int[] sorted) {
        this.sorted = sorted;
    }

    public static Positions all() {
        return ALL;
    }

    /** The given positions (duplicates ignored); each must be ≥ 0. */
    public static Positions of(int... positions) {
        int[] s = Arrays.stream(positions).distinct().sorted().toArray();
        if (s.length > 0 && s[0] < 0) {
            throw new IllegalArgumentException("negative token position " + s[0]);
        }
        return new Positions(s);
    }

    public boolean isAll() {
        return sorted == null;
    }

    public boolean contains(int position) {
        return sorted == null || Arrays.binarySearch(sorted, position) >= 0;
    }

    @Override
    public String toString() {
        return sorted == null ? "all positions" : "positions " + Arrays.toString(sorted);
    }
}
