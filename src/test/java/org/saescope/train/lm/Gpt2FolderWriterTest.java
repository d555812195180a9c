package org.saescope.train.lm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.lm.Gpt2BatchForward;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.tensor.SafetensorsFile;

/** A trained model written as a Hugging Face folder loads through ModelLoader with the training forward's logits. */
class Gpt2FolderWriterTest {
    /** The tiny GPT-2 fixture's shape, so its tokenizer.json (vocab 291) can go with the folder. */
    private static final Gpt2BatchForward.Dims DIMS = new Gpt2BatchForward.Dims(2, 32, 4, 64, 291, 32, 1e-5f);

    private static Path tinyTokenizer() throws URISyntaxException {
        return Path.of(Gpt2FolderWriterTest.class.getResource("/lm/gpt2-tiny/tokenizer.json").toURI());
    }

    /** Every fifth token random, the others a fixed function of the one before. */
    private static int[] stream() {
        int[] s = new int[3000];
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < s.length; i++) {
            s[i] = i % 5 == 0 ? r.nextInt(291) : (s[i - 1] * 7 + 3) % 291;
        }
        return s;
    }

    private static LmTrainer.Result trainBriefly() {
        LmTrainConfig cfg = new LmTrainConfig(DIMS, 1, 4, 40, 1, 1e-2, 0.1, 0.1, 1.0, 0, 1, 2);
        return new LmTrainer(cfg).train(new TokenWindows(stream(), 32), null, p -> { }, () -> false);
    }

    private static float[] trainingLogits(Map<String, float[]> params, int[] tokens) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> nd = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : Gpt2BatchForward.parameterShapes(DIMS).entrySet()) {
                nd.put(e.getKey(), m.create(params.get(e.getKey()), new Shape(e.getValue())));
            }
            long[] ids = java.util.Arrays.stream(tokens).asLongStream().toArray();
            return new Gpt2BatchForward(DIMS, nd).logits(m.create(ids, new Shape(1, ids.length))).toFloatArray();
        }
    }

    @Test
    void modelLoaderReadsTheFolderWithTheTrainingLogits(@TempDir Path dir) throws Exception {
        LmTrainer.Result r = trainBriefly();
        Path out = dir.resolve("model");
        Gpt2FolderWriter.write(out, DIMS, r.params(), Gpt2FolderWriter.StoredType.FLOAT32, tinyTokenizer());
        int[] tokens = {3, 17, 200, 5, 5, 290, 42, 7};
        float[] expected = trainingLogits(r.params(), tokens);
        try (LanguageModel lm = ModelLoader.load(out)) {
            assertThat(lm.config().nLayers()).isEqualTo(2);
            float[] actual = lm.logits(tokens);
            assertThat(maxAbsDiff(actual, expected)).isLessThan(1e-4f);
        }
        JsonNode cfg = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertThat(cfg.get("model_type").asText()).isEqualTo("gpt2");
        assertThat(cfg.get("activation_function").asText()).isEqualTo("gelu_new");
        assertThat(cfg.get("n_embd").asInt()).isEqualTo(32);
        assertThat(cfg.get("vocab_size").asInt()).isEqualTo(291);
        try (SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            // Conv1D weights are stored [in, out], with transformer.-prefixed names
            assertThat(f.info("transformer.h.0.mlp.c_fc.weight").shape()).containsExactly(32, 64);
            assertThat(f.info("transformer.h.1.attn.c_attn.weight").shape()).containsExactly(32, 96);
            assertThat(f.info("transformer.wte.weight").shape()).containsExactly(291, 32);
        }
    }

    @Test
    void aWrittenFolderReadsBackAsTheSameParameters(@TempDir Path dir) throws Exception {
        LmTrainer.Result r = trainBriefly();
        Path out = dir.resolve("model");
        Gpt2FolderWriter.write(out, DIMS, r.params(), Gpt2FolderWriter.StoredType.FLOAT32, tinyTokenizer());
        Map<String, float[]> back = Gpt2FolderWriter.read(out, DIMS);
        assertThat(back.keySet()).containsExactlyElementsOf(r.params().keySet());
        for (Map.Entry<String, float[]> e : r.params().entrySet()) {
            assertThat(back.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
        // a second stage starts from them: its first loss is the first stage's level, not ln(vocab)
        LmTrainConfig stage2 = new LmTrainConfig(DIMS, 2, 4, 1, 1, 1e-9, 0.1, 0, 0, 0, 1, 2);
        java.util.List<Double> losses = new java.util.ArrayList<>();
        new LmTrainer(stage2).train(new TokenWindows(stream(), 32), back, null, p -> losses.add(p.loss()), () -> false);
        assertThat(losses.get(0)).isLessThan(Math.log(291) - 0.5);
    }

    @Test
    void halfPrecisionFolderGivesCloseLogits(@TempDir Path dir) throws Exception {
        LmTrainer.Result r = trainBriefly();
        Path out = dir.resolve("model16");
        Gpt2FolderWriter.write(out, DIMS, r.params(), Gpt2FolderWriter.StoredType.FLOAT16, tinyTokenizer());
        int[] tokens = {9, 8, 7, 6, 5};
        float[] expected = trainingLogits(r.params(), tokens);
        try (LanguageModel lm = ModelLoader.load(out)) {
            assertThat(lm.config().dtype()).isEqualTo("float16");
            float[] actual = lm.logits(tokens);
            float scale = 0;
            for (float v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(maxAbsDiff(actual, expected)).isLessThan(1e-2f * scale);
        }
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
