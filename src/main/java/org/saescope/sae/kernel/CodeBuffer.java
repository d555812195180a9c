package org.saescope.sae.kernel;

import java.util.Arrays;
import java.util.List;
import org.saescope.sae.SparseCodes;

/**
 * Sparse codes of a run of consecutive tokens as one worker produces them: (index, value) pairs
 * appended token after token, plus each token's count. Growable, so a worker needs no second pass
 * to size it; {@link #concat} joins the buffers of all workers, in token order, into
 * {@link SparseCodes}.
 */
final class CodeBuffer {
    private int[] indices;
    private float[] values;
    private int[] counts;
    private int size;
    private int tokens;

    CodeBuffer(int expectedTokens, int expectedPairs) {
        indices = new int[Math.max(16, expectedPairs)];
        values = new float[indices.length];
        counts = new int[Math.max(4, expectedTokens)];
    }

    /** Makes room for {@code extra} more pairs; returns the position to write the first at. */
    int reserve(int extra) {
        long need = (long) size + extra;
        if (need > indices.length) {
            if (need > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("more than 2^31 sparse activations in one encode call");
            }
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, indices.length * 2L));
            indices = Arrays.copyOf(indices, cap);
            values = Arrays.copyOf(values, cap);
        }
        return size;
    }

    int[] indices() {
        return indices;
    }

    float[] values() {
        return values;
    }

    /** Closes the current token: its pairs are the {@code count} written since the last call. */
    void endToken(int count) {
        if (tokens == counts.length) {
            counts = Arrays.copyOf(counts, counts.length * 2);
        }
        counts[tokens++] = count;
        size += count;
    }

    int tokens() {
        return tokens;
    }

    int size() {
        return size;
    }

    /** Joins buffers holding consecutive token runs, in list order, into one CSR structure. */
    static SparseCodes concat(List<CodeBuffer> parts) {
        int n = 0;
        long nnz = 0;
        for (CodeBuffer b : parts) {
            n += b.tokens;
            nnz += b.size;
        }
        if (nnz > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than 2^31 sparse activations in one encode call");
        }
        int[] rowStart = new int[n + 1];
        int[] indices = new int[(int) nnz];
        float[] values = new float[(int) nnz];
        int t = 0;
        int pos = 0;
        for (CodeBuffer b : parts) {
            for (int i = 0; i < b.tokens; i++) {
                rowStart[t + 1] = rowStart[t] + b.counts[i];
                t++;
            }
            System.arraycopy(b.indices, 0, indices, pos, b.size);
            System.arraycopy(b.values, 0, values, pos, b.size);
            pos += b.size;
        }
        return new SparseCodes(rowStart, indices, values);
    }
}
