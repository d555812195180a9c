package org.saescope.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.IntConsumer;
import org.saescope.lm.LanguageModel;

/**
 * What the index learns from the weights alone: each feature's nearest decoder directions and its
 * direct logit effects. Both are dense products done in blocks of rows, so memory stays at one
 * block's result however many features there are.
 */
final class WeightStatistics {
    /** Rows per block of the cosine product (block × d_sae floats at a time). */
    static final int NEIGHBOUR_BLOCK = 512;
    /** Rows per block of the logit product (block × vocab floats at a time). */
    static final int LOGIT_BLOCK = 128;

    private WeightStatistics() {
    }

    /** k nearest features by cosine of decoder rows (self excluded): {@code [dSae·k]} ids and cosines, best first. */
    record Neighbours(int k, int[] ids, float[] cosines) {
    }

    /** Top and bottom k tokens of each feature's logit effect, {@code [dSae·k]} each, best first. */
    record Logits(int k, int[] posTokens, float[] posValues, int[] negTokens, float[] negValues) {
    }

    /**
     * Cosine similarity of every pair of decoder rows, W_dec {@code [dSae, dIn]} row-major, as
     * (W/‖W‖)(W/‖W‖)ᵀ in blocks of {@link #NEIGHBOUR_BLOCK} rows on DJL's matmul. A zero row has
     * cosine 0 with everything.
     */
    static Neighbours neighbours(float[] wDec, int dSae, int dIn, int k, IntConsumer rowsDone) {
        int kk = Math.min(k, dSae - 1);
        float[] unit = new float[wDec.length];
        for (int f = 0; f < dSae; f++) {
            double ss = 0;
            for (int i = 0; i < dIn; i++) {
                double v = wDec[f * dIn + i];
                ss += v * v;
            }
            double inv = ss > 0 ? 1.0 / Math.sqrt(ss) : 0.0;
            for (int i = 0; i < dIn; i++) {
                unit[f * dIn + i] = (float) (wDec[f * dIn + i] * inv);
            }
        }
        int[] ids = new int[dSae * Math.max(kk, 0)];
        float[] cos = new float[ids.length];
        if (kk <= 0) {
            return new Neighbours(0, ids, cos);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray all = m.create(unit, new Shape(dSae, dIn));
            NDArray allT = all.transpose();
            for (int start = 0; start < dSae; start += NEIGHBOUR_BLOCK) {
                int rows = Math.min(NEIGHBOUR_BLOCK, dSae - start);
                float[] block;
                try (NDManager sub = m.newSubManager()) {
                    NDArray a = sub.create(java.util.Arrays.copyOfRange(unit, start * dIn, (start + rows) * dIn), new Shape(rows, dIn));
                    block = a.matMul(allT).toFloatArray();
                }
                for (int r = 0; r < rows; r++) {
                    int f = start + r;
                    RowTopK.select(block, r * dSae, dSae, kk, 1f, f, ids, cos, f * kk);
                }
                if (rowsDone != null) {
                    rowsDone.accept(start + rows);
                }
            }
        }
        return new Neighbours(kk, ids, cos);
    }

    /**
     * Each decoder row's logit effect through the model's final norm and unembedding
     * ({@link LanguageModel#directionLogits}), in blocks of {@link #LOGIT_BLOCK} rows.
     */
    static Logits logits(LanguageModel model, float[] wDec, int dSae, int dIn, int k, IntConsumer rowsDone) {
        int vocab = model.config().vocabSize();
        int kk = Math.min(k, vocab);
        int[] pt = new int[dSae * kk];
        float[] pv = new float[dSae * kk];
        int[] nt = new int[dSae * kk];
        float[] nv = new float[dSae * kk];
        for (int start = 0; start < dSae; start += LOGIT_BLOCK) {
            int rows = Math.min(LOGIT_BLOCK, dSae - start);
            float[] logits = model.directionLogits(java.util.Arrays.copyOfRange(wDec, start * dIn, (start + rows) * dIn), rows);
            for (int r = 0; r < rows; r++) {
                int f = start + r;
                RowTopK.selectBoth(logits, r * vocab, vocab, kk, pt, pv, nt, nv, f * kk);
            }
            if (rowsDone != null) {
                rowsDone.accept(start + rows);
            }
        }
        return new Logits(kk, pt, pv, nt, nv);
    }
}
