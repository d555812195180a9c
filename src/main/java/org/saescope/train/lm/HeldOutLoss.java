package org.saescope.train.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.saescope.lm.Gpt2BatchForward;

/**
 * Mean next-token cross-entropy (nats) of trained weights over every window of a corpus: the same
 * (context, target) pairs {@link NgramBaselines} scores, so the numbers compare directly.
 */
public final class HeldOutLoss {
    private HeldOutLoss() {
    }

    /** With the full vocabulary: every logit is computed. */
    public static double of(Gpt2BatchForward.Dims dims, Map<String, float[]> params, TokenWindows windows, int batchSize) {
        return of(dims, params, TrainingVocabulary.of(null, dims.vocabSize(), 0), windows, batchSize);
    }

    /**
     * Through the compact vocabulary the model was trained with: the same number as the full
     * model's (the zero rows' logits are added to the softmax exactly), at the training cost.
     */
    public static double of(Gpt2BatchForward.Dims dims, Map<String, float[]> params, TrainingVocabulary vocab,
                            TokenWindows windows, int batchSize) {
        int ctx = windows.context();
        Map<String, float[]> compact = new java.util.LinkedHashMap<>(params);
        compact.put("wte.weight", vocab.compactEmbedding(params.get("wte.weight"), dims.nEmbd()));
        double sum = 0;
        long count = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> nd = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : Gpt2BatchForward.parameterShapes(dims, vocab.rows()).entrySet()) {
                nd.put(e.getKey(), manager.create(compact.get(e.getKey()), new Shape(e.getValue())));
            }
            Gpt2BatchForward model = new Gpt2BatchForward(dims, vocab.rows(), nd);
            for (int w0 = 0; w0 < windows.windowCount(); w0 += batchSize) {
                int b = Math.min(batchSize, windows.windowCount() - w0);
                long[] in = new long[b * ctx];
                long[] tg = new long[b * ctx];
                for (int i = 0; i < b; i++) {
                    windows.window(w0 + i, in, tg, i * ctx, vocab);
                }
                try (NDManager sm = manager.newSubManager()) {
                    sm.tempAttachAll(nd.values().toArray(new NDArray[0]));
                    NDArray loss = model.meanCrossEntropy(model.logits(sm.create(in, new Shape(b, ctx))),
                            sm.create(tg, new Shape(b, ctx)));
                    sum += (double) loss.getFloat() * b * ctx;
                    count += (long) b * ctx;
                }
            }
        }
        return sum / count;
    }
}
