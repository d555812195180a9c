package org.saescope.sae;

/**
 * Sparse feature activations for n tokens, in compressed-row form: token t's active features are
 * {@code indices[rowStart[t] .. rowStart[t+1])} with their {@code values}, sorted by value
 * descending (ties by ascending feature index). Only strictly positive activations are stored.
 */
public final class SparseCodes {
    private final int tokens;
    private final int[] rowStart;
    private final int[] indices;
    private final float[] values;

    public SparseCodes(int[] rowStart, int[] indices, float[] values) {
        if (rowStart.length < 1 || rowStart[0] != 0 || indices.length != values.length
                || rowStart[rowStart.length - 1] != indices.length) {
            throw new IllegalArgumentException("inconsistent sparse codes");
        }
        this.tokens = rowStart.length - 1;
        this.rowStart = rowStart;
        this.indices = indices;
        this.values = values;
    }

    public int tokens() {
        return tokens;
    }

    /** First position of token t in {@link #indices()} / {@link #values()}. */
    public int start(int t) {
        return rowStart[t];
    }

    /** One past the last position of token t. */
    public int end(int t) {
        return rowStart[t + 1];
    }

    /** Number of active features on token t (its L0). */
    public int count(int t) {
        return rowStart[t + 1] - rowStart[t];
    }

    /** The largest number of active features on any token. */
    public int maxCount() {
        int m = 0;
        for (int t = 0; t < tokens; t++) {
            m = Math.max(m, count(t));
        }
        return m;
    }

    /** Total number of stored (token, feature) pairs. */
    public int nnz() {
        return indices.length;
    }

    /** Backing arrays, shared (not copied): callers must not modify them. */
    public int[] indices() {
        return indices;
    }

    public float[] values() {
        return values;
    }

    public int[] rowStart() {
        return rowStart;
    }

    /** Activation of feature f on token t (0 when inactive). */
    public float get(int t, int f) {
        for (int p = rowStart[t]; p < rowStart[t + 1]; p++) {
            if (indices[p] == f) {
                return values[p];
            }
        }
        return 0f;
    }

    /** Tokens {@code from .. from + n - 1} as codes of their own (copies). */
    public SparseCodes rows(int from, int n) {
        int base = rowStart[from];
        int end = rowStart[from + n];
        int[] starts = new int[n + 1];
        for (int t = 0; t <= n; t++) {
            starts[t] = rowStart[from + t] - base;
        }
        return new SparseCodes(starts, java.util.Arrays.copyOfRange(indices, base, end),
                java.util.Arrays.copyOfRange(values, base, end));
    }

    /** Dense [tokens, dSae] row-major copy (for small inputs and tests). */
    public float[] toDense(int dSae) {
        float[] out = new float[Math.multiplyExact(tokens, dSae)];
        for (int t = 0; t < tokens; t++) {
            for (int p = rowStart[t]; p < rowStart[t + 1]; p++) {
                out[t * dSae + indices[p]] = values[p];
            }
        }
        return out;
    }
}
