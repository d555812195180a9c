package org.saescope.sae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format and architecture against the independent torch implementation of SAELens v6 in
 * src/test/python/sae_golden.py: feature activations (SAELens {@code sae.encode(x)}) and
 * reconstructions ({@code sae(x)}) within 1e-5, and the config fields the script wrote.
 */
class SaeGoldenTest {

    static Stream<String> cases() {
        return Stream.of("standard", "standard_no_bdec", "gated", "jumprelu", "jumprelu_scalar_threshold",
                "topk", "topk_rescale", "batchtopk_saved", "batchtopk_training",
                "norm_expected_average_only_in", "norm_constant_norm_rescale", "norm_layer_norm",
                "stored_f16", "stored_bf16", "stored_out_in", "saelens_pre6_topk", "gemma_scope",
                "gemma_scope_2", "sparsify", "llama_scope");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodeAndReconstructMatchTheTorchReference(String name) {
        Path dir = Goldens.root().resolve(name);
        JsonNode g = Goldens.json(dir.resolve("golden.json"));
        float[] x = Goldens.floats(g.get("x"));
        int n = g.get("x").size();
        try (Sae sae = SaeLoader.load(dir.resolve(g.get("sae").asText()))) {
            SparseCodes codes = sae.encode(x, n);
            Goldens.assertClose(name + " feature_acts", codes.toDense(sae.config().dSae()),
                    Goldens.doubles(g.get("feature_acts")));
            Goldens.assertClose(name + " reconstruction", sae.reconstruct(x, n),
                    Goldens.doubles(g.get("reconstruction")));
            assertSortedDescending(codes);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void configMatchesWhatTheFixtureDeclares(String name) {
        Path dir = Goldens.root().resolve(name);
        JsonNode g = Goldens.json(dir.resolve("golden.json"));
        JsonNode e = g.get("expect");
        SaeConfig c = SaeLoader.describe(dir.resolve(g.get("sae").asText())).config();
        assertThat(c.format().id()).isEqualTo(e.get("format").asText());
        assertThat(c.architecture().id()).isEqualTo(e.get("architecture").asText());
        assertThat(c.dIn()).isEqualTo(e.get("d_in").asInt());
        assertThat(c.dSae()).isEqualTo(e.get("d_sae").asInt());
        assertThat(c.dtype()).isEqualTo(e.get("dtype").asText());
        assertThat(c.hookName()).isEqualTo(e.get("hook_name").asText());
        assertThat(c.hookLayer()).isEqualTo(e.get("hook_layer").asInt());
        assertThat(c.applyBDecToInput()).isEqualTo(e.get("apply_b_dec_to_input").asBoolean());
        assertThat(c.normalizeActivations().id()).isEqualTo(e.get("normalize_activations").asText());
        if (e.hasNonNull("model_name")) {
            assertThat(c.modelName()).isEqualTo(e.get("model_name").asText());
        }
        if (e.hasNonNull("k")) {
            assertThat(c.k()).isEqualTo(e.get("k").asInt());
            assertThat(c.rescaleActsByDecoderNorm()).isEqualTo(e.get("rescale_acts_by_decoder_norm").asBoolean());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decoderWeightsAndFileHashMatchTheFixture(String name) {
        Path dir = Goldens.root().resolve(name);
        JsonNode g = Goldens.json(dir.resolve("golden.json"));
        JsonNode e = g.get("expect");
        try (Sae sae = SaeLoader.load(dir.resolve(g.get("sae").asText()))) {
            double[] norms = sae.decoderNorms();
            for (int f = 0; f < norms.length; f++) {
                double want = e.get("decoder_norms").get(f).asDouble();
                assertThat(norms[f]).as("norm %d", f).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6 + 1e-6 * want));
            }
            float[] row = sae.decoderRow(1);
            for (int i = 0; i < row.length; i++) {
                assertThat((double) row[i]).isCloseTo(e.get("decoder_row_1").get(i).asDouble(),
                        org.assertj.core.data.Offset.offset(1e-6));
            }
            assertThat(sae.weightsSha256()).isEqualTo(e.get("weights_sha256").asText());
        }
    }

    private static void assertSortedDescending(SparseCodes codes) {
        for (int t = 0; t < codes.tokens(); t++) {
            for (int p = codes.start(t); p + 1 < codes.end(t); p++) {
                assertThat(codes.values()[p]).isGreaterThanOrEqualTo(codes.values()[p + 1]);
            }
            for (int p = codes.start(t); p < codes.end(t); p++) {
                assertThat(codes.values()[p]).isPositive();
            }
        }
    }
}
