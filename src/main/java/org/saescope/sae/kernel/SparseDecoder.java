package org.saescope.sae.kernel;

import org.saescope.sae.SparseCodes;

/**
 * Sparse decode on the CPU: for each token, Σ a_f · W_dec[f] over its active features. The work is
 * a gather of k decoder rows per token, bound by memory bandwidth, so it stays in plain Java over
 * the decoder's float[] (no copy to native memory) and is split over tokens between the kernel
 * threads. Each token's rows are added in the codes' order, the same order as
 * {@link ReferenceKernel#decode}, so both give the same floats.
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
        int[] idx = codes.indices();
        float[] val = codes.values();
        // Below a few thousand pairs the hand-off to the pool costs more than the work.
        int parts = codes.nnz() < 4096 ? 1 : KernelThreads.threads();
        KernelThreads.parallelFor(n, parts, (part, from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * dIn;
                for (int p = codes.start(t); p < codes.end(t); p++) {
                    addRow(out, o, val[p], idx[p] * dIn);
                }
            }
        });
        return out;
    }

    /** out[o .. o+dIn) += v · wDec[w .. w+dIn); a simple loop the JIT vectorises. */
    private void addRow(float[] out, int o, float v, int w) {
        for (int i = 0; i < dIn; i++) {
            out[o + i] += v * wDec[w + i];
        }
    }
}
