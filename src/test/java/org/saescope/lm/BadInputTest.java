package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

/** Broken checkpoints and wrong arguments get a BadInputException that names the file and the problem. */
class BadInputTest {
    @TempDir
    Path tmp;

    /** A copy of a fixture checkpoint, to break. */
    private Path copy(String model) throws IOException {
        Path dst = tmp.resolve(model);
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(LmFixtures.dir(model))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
        return dst;
    }

    private static void editConfig(Path dir, String from, String to) throws IOException {
        Path cfg = dir.resolve("config.json");
        String s = Files.readString(cfg);
        assertThat(s).contains(from);
        Files.writeString(cfg, s.replace(from, to));
    }

    @Test
    void unknownModelTypeListsTheSupportedOnes() throws IOException {
        Path dir = copy("gpt2-tiny");
        editConfig(dir, "\"gpt2\"", "\"mamba\"");
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("config.json").hasMessageContaining("\"mamba\" is not supported")
                .hasMessageContaining("gpt2").hasMessageContaining("gpt_neox");
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path dir = copy("gpt2-tiny");
        editConfig(dir, "\"n_layer\": 2", "\"n_layer\": 3");
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("missing tensor 'h.2.ln_1.weight'");
    }

    @Test
    void missingTensorInShardsNamesTheIndex() throws IOException {
        Path dir = copy("pythia-tiny-serial");
        editConfig(dir, "\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3");
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("model.safetensors.index.json")
                .hasMessageContaining("missing tensor 'gpt_neox.layers.2.attention.query_key_value.weight'");
    }

    @Test
    void wrongShapeSaysWhatTheConfigImplies() throws IOException {
        Path dir = copy("pythia-tiny-parallel");
        editConfig(dir, "\"intermediate_size\": 64", "\"intermediate_size\": 96");
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("'gpt_neox.layers.0.mlp.dense_h_to_4h.weight' has shape [64, 32], but config.json implies [96, 32]");
    }

    @Test
    void missingTokenizer() throws IOException {
        Path dir = copy("gpt2-tiny");
        Files.delete(dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining("not found");
    }

    @Test
    void brokenTokenizer() throws IOException {
        Path dir = copy("gpt2-tiny");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": 42}");
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tokenizer.json");
    }

    @Test
    void missingWeightsAndPickleWeights() throws IOException {
        Path dir = copy("gpt2-tiny");
        Files.delete(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("neither model.safetensors nor model.safetensors.index.json");
        Files.writeString(dir.resolve("pytorch_model.bin"), "not really");
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("pickle").hasMessageContaining("safetensors");
    }

    @Test
    void shardIndexThatEscapesTheFolderOrNamesAMissingShard() throws IOException {
        Path dir = copy("gpt2-tiny-sharded");
        Path index = dir.resolve("model.safetensors.index.json");
        String original = Files.readString(index);
        Files.writeString(index, original.replace("model-00002-of-00002.safetensors", "../model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a .safetensors file name in the same folder");
        Files.writeString(index, original.replace("model-00002-of-00002.safetensors", "model-00003-of-00002.safetensors"));
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("names shard model-00003-of-00002.safetensors, which does not exist");
    }

    @Test
    void missingConfigAndBadConfigValues() throws IOException {
        Path dir = copy("gpt2-tiny");
        editConfig(dir, "\"n_head\": 4", "\"n_head\": 5");
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("n_embd 32 is not divisible by n_head 5");
        editConfig(dir, "\"n_head\": 5", "\"n_head\": \"four\"");
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("\"n_head\" must be a positive integer");
        Files.delete(dir.resolve("config.json"));
        assertThatThrownBy(() -> ModelLoader.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("config.json").hasMessageContaining("not found");
    }

    @Test
    void unknownHookListsTheValidOnes() {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("pythia-tiny-parallel"))) {
            int[] tokens = m.tokenizer().encode("the cat");
            assertThatThrownBy(() -> m.runWithCache(tokens, Set.of("blocks.0.hook_resid_mid"), false, List.of()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("hook 'blocks.0.hook_resid_mid' does not exist")
                    .hasMessageContaining("hook_embed, blocks.L.hook_resid_pre, blocks.L.hook_attn_out, blocks.L.hook_mlp_out, "
                            + "blocks.L.hook_resid_post (L = 0..1), ln_final.hook_normalized");
            assertThatThrownBy(() -> m.hookWidth("blocks.2.hook_resid_pre")).isInstanceOf(BadInputException.class);
            assertThatThrownBy(() -> m.generate(tokens, GenerationOptions.greedy(1),
                    List.of(new AddDirection("blocks.7.hook_resid_post", new float[32], 1f)), TokenListener.NONE))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("blocks.7.hook_resid_post");
        }
    }

    @Test
    void saeWhoseWidthDiffersFromTheHook() {
        FeatureDictionary narrow = new FeatureDictionary() {
            @Override
            public int dIn() {
                return 16;
            }

            @Override
            public int dSae() {
                return 64;
            }

            @Override
            public float[] featureActivations(float[] x, int rows, int feature) {
                throw new AssertionError("never called");
            }

            @Override
            public float[] decoderRow(int feature) {
                throw new AssertionError("never called");
            }

            @Override
            public float[] reconstruct(float[] x, int rows) {
                throw new AssertionError("never called");
            }
        };
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("gpt2-tiny"))) {
            int[] tokens = m.tokenizer().encode("the cat");
            assertThatThrownBy(() -> m.runWithCache(tokens, Set.of(), true,
                    List.of(new SetFeature("blocks.1.hook_resid_post", narrow, 3, 1f, Positions.all()))))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("SAE (d_in 16)").hasMessageContaining("width 32");
            assertThatThrownBy(() -> m.crossEntropy(tokens, List.of(new AddDirection("hook_embed", new float[8], 1f))))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("expects width 8");
        }
    }

    @Test
    void tokensOutsideTheVocabularyOrContext() {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("gpt2-tiny"))) {
            int v = m.config().vocabSize();
            assertThatThrownBy(() -> m.logits(new int[] {1, v})).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("token id " + v + " at position 1 is outside the vocabulary [0, " + v + ")");
            assertThatThrownBy(() -> m.logits(new int[m.config().contextLength() + 1])).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("exceed the model's context length of " + m.config().contextLength());
            assertThatThrownBy(() -> m.crossEntropy(new int[] {1}, List.of())).isInstanceOf(BadInputException.class);
        }
    }
}
