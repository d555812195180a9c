package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class InfoCommandTest {
    static Path fixture(String rel) {
        try {
            return Paths.get(InfoCommandTest.class.getResource("/sae").toURI()).resolve(rel);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(CliRun r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void jsonForASaeLensFolder() throws Exception {
        JsonNode j = json(CliRun.of("info", fixture("standard/sae").toString(), "--json"));
        assertThat(j.get("kind").asText()).isEqualTo("sae");
        assertThat(j.get("format").asText()).isEqualTo("saelens");
        assertThat(j.get("architecture").asText()).isEqualTo("standard");
        assertThat(j.get("d_in").asInt()).isEqualTo(16);
        assertThat(j.get("d_sae").asInt()).isEqualTo(40);
        assertThat(j.get("dtype").asText()).isEqualTo("float32");
        assertThat(j.get("hook_name").asText()).isEqualTo("blocks.2.hook_resid_post");
        assertThat(j.get("apply_b_dec_to_input").asBoolean()).isTrue();
        assertThat(j.get("normalize_activations").asText()).isEqualTo("none");
        assertThat(j.get("model_name").asText()).isEqualTo("tiny-brown-gpt2");
        assertThat(j.has("k")).as("k is for TopK only").isFalse();
    }

    @Test
    void jsonForTopKHasK() throws Exception {
        JsonNode j = json(CliRun.of("info", "--json", fixture("topk_rescale/sae").toString()));
        assertThat(j.get("architecture").asText()).isEqualTo("topk");
        assertThat(j.get("k").asInt()).isEqualTo(5);
        assertThat(j.get("rescale_acts_by_decoder_norm").asBoolean()).isTrue();
    }

    @Test
    void jsonForAGemmaScopeNpzFileWithoutConfig() throws Exception {
        JsonNode j = json(CliRun.of("info", "--json",
                fixture("gemma_scope/gemma-scope-2b-pt-res/layer_5/width_40/average_l0_9/params.npz").toString()));
        assertThat(j.get("format").asText()).isEqualTo("gemma_scope");
        assertThat(j.get("architecture").asText()).isEqualTo("jumprelu");
        assertThat(j.get("hook_name").asText()).isEqualTo("blocks.5.hook_resid_post");
        assertThat(j.get("apply_b_dec_to_input").asBoolean()).isFalse();
        assertThat(j.get("model_name").asText()).isEqualTo("gemma-2-2b");
    }

    @Test
    void fieldsAFormatDoesNotRecordAreJsonNull() throws Exception {
        // Llama Scope's hyperparams.json has no context size: the key is there, with null.
        JsonNode j = json(CliRun.of("info", "--json", fixture("llama_scope/Llama3_1-8B-Base-L4R-8x").toString()));
        assertThat(j.get("format").asText()).isEqualTo("llama_scope");
        assertThat(j.get("dtype").asText()).isEqualTo("bfloat16");
        assertThat(j.has("context_size")).isTrue();
        assertThat(j.get("context_size").isNull()).isTrue();
    }

    @Test
    void readableBlockWithoutJson() {
        CliRun r = CliRun.of("info", fixture("sparsify/run/layers.6").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("SAE  ").contains("format").contains("sparsify")
                .contains("blocks.6.hook_resid_post").contains("EleutherAI/pythia-70m");
    }

    @Test
    void neitherSaeNorModelExitsTwo() {
        CliRun r = CliRun.of("info", fixture("bad/not_an_sae").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not_an_sae").contains("neither an SAE nor a language model");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void pickleFolderExitsTwoAndSaysWhy() {
        CliRun r = CliRun.of("info", fixture("bad/pickle_only").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("ae.pt").contains("pickle");
    }

    @Test
    void brokenSaeExitsTwoNamingTheFile() {
        CliRun r = CliRun.of("info", "--json", fixture("bad/lying_cfg").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("sae_weights.safetensors").contains("expected [16, 48]");
    }
}
