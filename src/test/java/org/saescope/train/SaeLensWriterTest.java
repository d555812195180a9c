package org.saescope.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.saescope.sae.NormalizeActivations;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeArchitecture;
import org.saescope.sae.SaeFormat;
import org.saescope.sae.SaeLoader;
import org.saescope.sae.SparseCodes;
import org.saescope.sae.kernel.Arch;
import org.saescope.sae.kernel.ReferenceKernel;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.DType;
import org.saescope.tensor.TensorFiles;
import org.saescope.tensor.TensorSource;

/** A trained SAE saved as a SAELens folder and loaded back through the sae layer. */
class SaeLensWriterTest {
    private static final SyntheticSparseData DATA = new SyntheticSparseData(31, 8, 12, 2, 2048);
    private static final SaeLensMetadata META = new SaeLensMetadata("brown-gpt2-tiny", "blocks.1.hook_resid_post",
            128, true, "brown-corpus/train");

    private static TrainedSae train(Arch arch) {
        SaeTrainConfig cfg = SaeTrainConfig.builder(arch, 8, 16).k(3).lr(1e-2).l1Coefficient(0.2)
                .l0Coefficient(0.05).jumpReluInitThreshold(0.05).jumpReluBandwidth(0.1)
                .batchSize(64).totalTokens(4096).deadWindowTokens(1024).seed(2).build();
        return new SaeTrainer(cfg).train(DATA.source(512), TrainListener.none());
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"TOPK", "RELU", "JUMPRELU"})
    void reloadsBitExactlyAndEncodesIdentically(Arch arch, @TempDir Path dir) throws Exception {
        TrainedSae trained = train(arch);
        Path folder = dir.resolve("nested/sae");
        SaeLensWriter.write(trained, META, folder);
        assertThat(listing(folder)).containsExactlyInAnyOrder("cfg.json", "sae_weights.safetensors",
                "sparsity.safetensors");
        assertThat(listing(dir.resolve("nested"))).containsExactly("sae"); // no temp folder left

        SaeParameters p = trained.parameters();
        try (Sae sae = SaeLoader.load(folder, ReferenceKernel::new)) {
            assertThat(sae.config().format()).isEqualTo(SaeFormat.SAELENS);
            assertThat(sae.config().architecture()).isEqualTo(switch (arch) {
                case TOPK -> SaeArchitecture.TOPK;
                case RELU -> SaeArchitecture.STANDARD;
                default -> SaeArchitecture.JUMPRELU;
            });
            assertThat(sae.config().dIn()).isEqualTo(8);
            assertThat(sae.config().dSae()).isEqualTo(16);
            assertThat(sae.config().k()).isEqualTo(arch == Arch.TOPK ? 3 : 0);
            assertThat(sae.config().rescaleActsByDecoderNorm()).isFalse();
            assertThat(sae.config().applyBDecToInput()).isTrue();
            assertThat(sae.config().normalizeActivations()).isEqualTo(NormalizeActivations.NONE);
            assertThat(sae.config().dtype()).isEqualTo("float32");
            assertThat(sae.config().modelName()).isEqualTo("brown-gpt2-tiny");
            assertThat(sae.config().hookName()).isEqualTo("blocks.1.hook_resid_post");
            assertThat(sae.config().hookLayer()).isEqualTo(1);
            assertThat(sae.config().contextSize()).isEqualTo(128);
            assertThat(sae.config().prependBos()).isTrue();
            assertThat(sae.config().datasetPath()).isEqualTo("brown-corpus/train");
            assertThat(sae.warnings()).isEmpty();

            assertBitEqual("W_enc", sae.wEnc(), p.wEnc());
            assertBitEqual("W_dec", sae.wDec(), p.wDec());
            assertBitEqual("b_enc", sae.bEnc(), p.bEnc());
            assertBitEqual("b_dec", sae.bDec(), p.bDec());
            if (arch == Arch.JUMPRELU) {
                assertBitEqual("threshold", sae.threshold(), p.threshold());
            } else {
                assertThat(sae.threshold()).isNull();
            }
            assertBitEqual("sparsity", sae.logSparsity(), trained.log10Sparsity());

            // the loaded SAE encodes exactly as the trained parameters do: ReLU/JumpReLU/TopK of
            // (x − b_dec) · W_enc + b_enc, on the plain reference kernel
            int n = 256;
            float[] x = java.util.Arrays.copyOf(DATA.tokens, n * 8);
            float[] centred = x.clone();
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < 8; i++) {
                    centred[t * 8 + i] -= p.bDec()[i];
                }
            }
            SparseCodes expected;
            try (ReferenceKernel k = new ReferenceKernel(trained.encoderSpec())) {
                expected = k.encode(centred, n);
            }
            SparseCodes loaded = sae.encode(x, n);
            assertThat(loaded.rowStart()).containsExactly(expected.rowStart());
            assertThat(loaded.indices()).containsExactly(expected.indices());
            assertBitEqual("codes", loaded.values(), expected.values());
            assertThat(loaded.nnz()).isPositive();
        }
    }

    @Test
    void configAndSparsityFilesHaveSaeLensV6Fields(@TempDir Path dir) throws Exception {
        TrainedSae trained = train(Arch.TOPK);
        SaeLensWriter.write(trained, META, dir.resolve("sae"));
        JsonNode cfg = new ObjectMapper().readTree(dir.resolve("sae/cfg.json").toFile());
        assertThat(cfg.get("architecture").asText()).isEqualTo("topk");
        assertThat(cfg.get("d_in").asInt()).isEqualTo(8);
        assertThat(cfg.get("d_sae").asInt()).isEqualTo(16);
        assertThat(cfg.get("dtype").asText()).isEqualTo("float32");
        assertThat(cfg.get("apply_b_dec_to_input").asBoolean()).isTrue();
        assertThat(cfg.get("normalize_activations").asText()).isEqualTo("none");
        assertThat(cfg.get("k").asInt()).isEqualTo(3);
        assertThat(cfg.get("rescale_acts_by_decoder_norm").asBoolean()).isFalse();
        JsonNode m = cfg.get("metadata");
        assertThat(m.get("sae_lens_version").asText()).isEqualTo("6.0.0");
        assertThat(m.get("model_name").asText()).isEqualTo("brown-gpt2-tiny");
        assertThat(m.get("hook_name").asText()).isEqualTo("blocks.1.hook_resid_post");
        assertThat(m.get("context_size").asInt()).isEqualTo(128);
        assertThat(m.get("prepend_bos").asBoolean()).isTrue();
        assertThat(m.get("dataset_path").asText()).isEqualTo("brown-corpus/train");
        assertThat(m.get("training_architecture_details").get("k_aux").asInt()).isEqualTo(4);
        assertThat(m.get("l0").asDouble()).isBetween(2.5, 3.0); // TopK k = 3, minus the odd non-positive top-k
        try (TensorSource s = TensorFiles.open(dir.resolve("sae/sparsity.safetensors"))) {
            assertThat(s.names()).containsExactly("sparsity");
            assertThat(s.info("sparsity").dtype()).isEqualTo(DType.F32);
            assertThat(s.info("sparsity").shape()).containsExactly(16);
        }
        try (TensorSource s = TensorFiles.open(dir.resolve("sae/sae_weights.safetensors"))) {
            assertThat(s.names()).containsExactlyInAnyOrder("W_enc", "W_dec", "b_enc", "b_dec");
            assertThat(s.info("W_enc").shape()).containsExactly(8, 16);
            assertThat(s.info("W_dec").shape()).containsExactly(16, 8);
        }
    }

    @Test
    void sparsityIsTheLog10FiringFrequency(@TempDir Path dir) throws Exception {
        TrainedSae trained = train(Arch.TOPK);
        // each token has at most k = 3 active latents, so Σ frequency ≤ 3 and each log10 ≤ 0
        double total = 0;
        for (float s : trained.log10Sparsity()) {
            assertThat(s).isBetween(-10.0f, 0.0f);
            total += Math.pow(10, s);
        }
        assertThat(total).isBetween(2.0, 3.0 + 1e-6);
    }

    @Test
    void anExistingFolderIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("sae"));
        Files.writeString(folder.resolve("notes.txt"), "mine");
        TrainedSae trained = train(Arch.RELU);
        assertThatThrownBy(() -> SaeLensWriter.write(trained, META, folder))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("already exists");
        assertThat(listing(folder)).containsExactly("notes.txt");
        assertThat(listing(dir)).containsExactly("sae");
    }

    private static void assertBitEqual(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("%s[%d]", what, i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
