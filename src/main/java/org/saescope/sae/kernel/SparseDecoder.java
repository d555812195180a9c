package org.saescope.sae.kernel;

import java.util.Arrays;
import org.saescope.sae.SparseCodes;

/**
 * Sparse decode on the CPU: for each token, Σ a_f · W_dec[f] over its active features. The work is
 * a gather of k decoder rows per token, bound by memory latency and bandwidth, so it stays in plain
 * Java over the decoder's float[] (no copy to native memory) and is split over tokens between the
 * kernel threads.
 *
 * <p>Rows are added four at a time into a per-thread accumulator: four independent streams keep
 * more cache misses in flight and touch the accumulator a quarter as often (measured 2.4× faster
 * than one row at a time here; grouping the pairs by feature so that each row is read once per
 * batch was slower, since with k ≪ dSae a row is used by only a few tokens). Java evaluates
 * {@code acc + a + b + c + d} left to right without reassociation, so each token's sum is formed in
 * the codes' order, exactly as {@link ReferenceKernel#decode} forms it: both give the same floats.
 */
final class SparseDecoder {
    private final float[] wDec;
    private final int dIn;

    SparseDecoder(float[] wDec, int dIn) {
        this.wDec = wDec;
        this.dIn = dIn;
    }

    float[] decode(SparseCodes codes) {
        int n = codes.tokens();
        float[] out = new float[Math.multiplyExact(n, dIn)];
        // Below a few thousand pairs the hand-off to the pool costs more than the work. Pieces
        // claimed from a counter, not a fixed split: nobody waits for a pool thread that wakes late.
        int piece = codes.nnz() < 4096 ? n : DECODE_PIECE;
        KernelThreads.shareWork(n, piece, (part, from, to) -> {
            float[] acc = new float[dIn];
            int[] idx = codes.indices();
            float[] val = codes.values();
            for (int t = from; t < to; t++) {
                Arrays.fill(acc, 0f);
                int p = codes.start(t);
                int end = codes.end(t);
                for (; p + 8 <= end; p += 8) {
                    addEightRows(acc, val, idx, p);
                }
                for (; p + 4 <= end; p += 4) {
                    addFourRows(acc, val[p], idx[p] * dIn, val[p + 1], idx[p + 1] * dIn,
                            val[p + 2], idx[p + 2] * dIn, val[p + 3], idx[p + 3] * dIn);
                }
                for (; p < end; p++) {
                    addRow(acc, val[p], idx[p] * dIn);
                }
                System.arraycopy(acc, 0, out, t * dIn, dIn);
            }
        });
        return out;
    }

    private void addFourRows(float[] acc, float v0, int w0, float v1, int w1, float v2, int w2, float v3, int w3) {
        float[] w = wDec;
        for (int i = 0; i < dIn; i++) {
            acc[i] = acc[i] + v0 * w[w0 + i] + v1 * w[w1 + i] + v2 * w[w2 + i] + v3 * w[w3 + i];
        }
    }

    /** Tokens per piece that a worker claims (see KernelThreads#shareWork). */
    private static final int DECODE_PIECE = 64;

    private void addEightRows(float[] acc, float[] val, int[] idx, int p) {
        float[] w = wDec;
        int n = dIn;
        float v0 = val[p], v1 = val[p + 1], v2 = val[p + 2], v3 = val[p + 3];
        float v4 = val[p + 4], v5 = val[p + 5], v6 = val[p + 6], v7 = val[p + 7];
        int w0 = idx[p] * n, w1 = idx[p + 1] * n, w2 = idx[p + 2] * n, w3 = idx[p + 3] * n;
        int w4 = idx[p + 4] * n, w5 = idx[p + 5] * n, w6 = idx[p + 6] * n, w7 = idx[p + 7] * n;
        for (int i = 0; i < n; i++) {
            acc[i] = acc[i] + v0 * w[w0 + i] + v1 * w[w1 + i] + v2 * w[w2 + i] + v3 * w[w3 + i]
                    + v4 * w[w4 + i] + v5 * w[w5 + i] + v6 * w[w6 + i] + v7 * w[w7 + i];
        }
    }

    private void addRow(float[] acc, float v, int w0) {
        float[] w = wDec;
        for (int i = 0; i < dIn; i++) {
            acc[i] = acc[i] + v * w[w0 + i];
        }
    }
}
