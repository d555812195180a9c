package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saescope.tensor.SafetensorsFile;

/**
 * The batched training forward against the torch goldens of the tiny GPT-2 (lm_golden.py): same
 * logits for every sequence of a batch, and the compact-vocabulary loss equal to the full softmax's
 * when the dropped embedding rows are zero.
 */
class Gpt2BatchForwardTest {
    private static final Gpt2BatchForward.Dims TINY = new Gpt2BatchForward.Dims(2, 32, 4, 64, 291, 32, 1e-5f);

    /** The tiny checkpoint's weights in compute layout (Conv1D transposed to [out, in]). */
    private static Map<String, float[]> tinyWeights() {
        Map<String, float[]> w = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(LmFixtures.dir("gpt2-tiny").resolve("model.safetensors"))) {
            String prefix = f.contains("transformer.wte.weight") ? "transformer." : "";
            for (Map.Entry<String, long[]> e : Gpt2BatchForward.parameterShapes(TINY).entrySet()) {
                float[] a = f.readF32(prefix + e.getKey());
                long[] s = e.getValue();
                w.put(e.getKey(), Gpt2BatchForward.isConv1D(e.getKey()) ? Ops.transpose(a, (int) s[1], (int) s[0]) : a);
            }
        }
        return w;
    }

    private static Map<String, NDArray> upload(NDManager m, Map<String, float[]> w, int rows) {
        Map<String, NDArray> nd = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : Gpt2BatchForward.parameterShapes(TINY, rows).entrySet()) {
            nd.put(e.getKey(), m.create(w.get(e.getKey()), new Shape(e.getValue())));
        }
        return nd;
    }

    @Test
    void batchedLogitsMatchTorchForEverySequence() {
        try (SafetensorsFile g = LmFixtures.golden("gpt2-tiny"); NDManager m = NDManager.newBaseManager()) {
            int[] tokens = LmFixtures.ints(g, "tokens");
            float[] expected = g.readF32("logits");
            int t = tokens.length;
            long[] batch = new long[2 * t];
            for (int i = 0; i < t; i++) {
                batch[i] = tokens[i];
                batch[t + i] = tokens[i];
            }
            Gpt2BatchForward f = new Gpt2BatchForward(TINY, upload(m, tinyWeights(), 291));
            float[] logits = f.logits(m.create(batch, new Shape(2, t))).toFloatArray();
            float[] first = java.util.Arrays.copyOfRange(logits, 0, t * 291);
            float[] second = java.util.Arrays.copyOfRange(logits, t * 291, 2 * t * 291);
            assertThat(LmFixtures.relErr(first, expected)).isLessThanOrEqualTo(LmFixtures.MAX_REL_ERR);
            assertThat(LmFixtures.relErr(second, expected)).isLessThanOrEqualTo(LmFixtures.MAX_REL_ERR);
        }
    }

    @Test
    void meanCrossEntropyIsTorchsCrossEntropy() {
        try (SafetensorsFile g = LmFixtures.golden("gpt2-tiny"); NDManager m = NDManager.newBaseManager()) {
            int[] tokens = LmFixtures.ints(g, "tokens");
            float[] ce = g.readF32("ce"); // torch: per-position −log p(next)
            int t = tokens.length - 1;
            long[] in = new long[t];
            long[] tg = new long[t];
            for (int i = 0; i < t; i++) {
                in[i] = tokens[i];
                tg[i] = tokens[i + 1];
            }
            Gpt2BatchForward f = new Gpt2BatchForward(TINY, upload(m, tinyWeights(), 291));
            double loss = f.meanCrossEntropy(f.logits(m.create(in, new Shape(1, t))), m.create(tg, new Shape(1, t))).getFloat();
            double mean = 0;
            for (float c : ce) {
                mean += c / ce.length;
            }
            assertThat(loss).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(mean) + 1e-6));
        }
    }

    /**
     * Keep rows 0..198 of the embedding and give tokens 199..290 one shared row: the full model's
     * loss and the compact one's (ids ≥ 199 mapped to the shared id 199) must agree, including
     * targets and inputs among the shared tokens.
     */
    @Test
    void compactVocabularyLossEqualsFullSoftmaxWithASharedRow() {
        int rows = 200;
        int shared = rows - 1;
        Map<String, float[]> full = tinyWeights();
        float[] wte = full.get("wte.weight");
        for (int t = shared + 1; t < 291; t++) {
            System.arraycopy(wte, shared * 32, wte, t * 32, 32);
        }
        Map<String, float[]> compact = new LinkedHashMap<>(full);
        compact.put("wte.weight", java.util.Arrays.copyOf(wte, rows * 32));
        long[] in = {5, 250, 17, 198, 230, 3, 0, 290};
        long[] tg = {250, 17, 198, 230, 3, 0, 290, 12};
        long[] inC = new long[in.length];
        long[] tgC = new long[tg.length];
        for (int i = 0; i < in.length; i++) {
            inC[i] = Math.min(in[i], shared);
            tgC[i] = Math.min(tg[i], shared);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt2BatchForward f = new Gpt2BatchForward(TINY, upload(m, full, 291));
            Gpt2BatchForward c = new Gpt2BatchForward(TINY, rows, upload(m, compact, rows));
            double lf = f.meanCrossEntropy(f.logits(m.create(in, new Shape(2, 4))), m.create(tg, new Shape(2, 4))).getFloat();
            double lc = c.meanCrossEntropy(c.logits(m.create(inC, new Shape(2, 4))), m.create(tgC, new Shape(2, 4))).getFloat();
            assertThat(lc).isCloseTo(lf, org.assertj.core.data.Offset.offset(1e-5));
            // the compact logits are the full model's for the kept tokens, and the shared one is every shared token's
            float[] lgF = f.logits(m.create(in, new Shape(2, 4))).toFloatArray();
            float[] lgC = c.logits(m.create(inC, new Shape(2, 4))).toFloatArray();
            assertThat(lgC[3 * rows + 7]).isCloseTo(lgF[3 * 291 + 7], org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(lgC[3 * rows + shared]).isCloseTo(lgF[3 * 291 + 250], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
