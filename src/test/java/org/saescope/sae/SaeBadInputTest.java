package org.saescope.sae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

/** Bad SAEs are refused with a message naming the file and the problem; NaN weights only warn. */
class SaeBadInputTest {
    private static Path bad(String name) {
        return Goldens.root().resolve("bad").resolve(name);
    }

    @Test
    void missingTensorIsNamed() {
        assertThatThrownBy(() -> SaeLoader.load(bad("missing_tensor")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("sae_weights.safetensors")
                .hasMessageContaining("missing tensor b_dec");
    }

    @Test
    void wrongShapeNamesTensorExpectedAndActual() {
        assertThatThrownBy(() -> SaeLoader.load(bad("wrong_shape")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("sae_weights.safetensors")
                .hasMessageContaining("b_enc has shape [39], expected [40] (d_sae)");
    }

    @Test
    void cfgThatLiesAboutDSaeIsCaughtFromTheHeadersAlone() {
        // describe() reads no weights: the shapes in the header are enough.
        assertThatThrownBy(() -> SaeLoader.describe(bad("lying_cfg")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("sae_weights.safetensors")
                .hasMessageContaining("W_enc has shape [16, 40], expected [16, 48]");
    }

    @Test
    void unknownArchitectureNamesTheCfg() {
        assertThatThrownBy(() -> SaeLoader.load(bad("unknown_architecture")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cfg.json")
                .hasMessageContaining("unknown architecture \"mystery_moe\"");
    }

    @Test
    void invalidJsonNamesTheCfgAndTheLine() {
        assertThatThrownBy(() -> SaeLoader.load(bad("invalid_json")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cfg.json")
                .hasMessageContaining("invalid JSON")
                .hasMessageContaining("line 1");
    }

    @Test
    void topkWithKAboveDSaeIsRefused() {
        assertThatThrownBy(() -> SaeLoader.load(bad("topk_k_too_large")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cfg.json")
                .hasMessageContaining("\"k\"");
    }

    @Test
    void folderWithOnlyAPickleIsRefusedWithTheReason() {
        assertThatThrownBy(() -> SaeLoader.load(bad("pickle_only")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("ae.pt")
                .hasMessageContaining("pickle")
                .hasMessageContaining("safetensors");
    }

    @Test
    void pickleFileGivenDirectlyIsRefused() {
        assertThatThrownBy(() -> SaeLoader.load(bad("pickle_only").resolve("ae.pt")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("ae.pt")
                .hasMessageContaining("pickle");
    }

    @Test
    void folderWithoutAnySaeSaysWhatWasExpected() {
        assertThatThrownBy(() -> SaeLoader.load(bad("not_an_sae")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not_an_sae")
                .hasMessageContaining("no SAE found")
                .hasMessageContaining("sae_weights.safetensors");
        assertThat(SaeLoader.recognizes(bad("not_an_sae"))).isFalse();
    }

    @Test
    void missingPathIsBadInput() {
        assertThatThrownBy(() -> SaeLoader.load(bad("does_not_exist")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("does_not_exist")
                .hasMessageContaining("no such file");
    }

    @Test
    void cfgWithoutWeightsSaysWhichWeightsAreMissing(@TempDir Path tmp) throws IOException {
        Files.copy(Goldens.root().resolve("standard/sae/cfg.json"), tmp.resolve("cfg.json"));
        assertThatThrownBy(() -> SaeLoader.load(tmp))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cfg.json is here but neither sae_weights.safetensors");
    }

    @Test
    void nanAndInfWeightsLoadWithAWarning() {
        try (Sae sae = SaeLoader.load(bad("nan_weights"))) {
            assertThat(sae.warnings()).singleElement().asString()
                    .contains("W_dec").contains("1 NaN and 1 infinite");
            float[] x = new float[2 * 16];
            x[3] = 1f;
            assertThat(sae.encode(x, 2).tokens()).isEqualTo(2);
        }
    }

    @Test
    void v6CfgWithoutArchitectureIsRefused(@TempDir Path tmp) throws IOException {
        Path src = Goldens.root().resolve("standard/sae");
        Files.copy(src.resolve("sae_weights.safetensors"), tmp.resolve("sae_weights.safetensors"));
        String cfg = Files.readString(src.resolve("cfg.json")).replace("\"architecture\": \"standard\",", "");
        Files.writeString(tmp.resolve("cfg.json"), cfg);
        assertThatThrownBy(() -> SaeLoader.load(tmp))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("missing required field \"architecture\"");
    }

    @Test
    void fieldOfTheWrongTypeIsNamed(@TempDir Path tmp) throws IOException {
        Path src = Goldens.root().resolve("standard/sae");
        Files.copy(src.resolve("sae_weights.safetensors"), tmp.resolve("sae_weights.safetensors"));
        String cfg = Files.readString(src.resolve("cfg.json")).replace("\"d_in\": 16", "\"d_in\": \"sixteen\"");
        Files.writeString(tmp.resolve("cfg.json"), cfg);
        assertThatThrownBy(() -> SaeLoader.load(tmp))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cfg.json")
                .hasMessageContaining("field \"d_in\" must be an integer, got \"sixteen\"");
    }

    @Test
    void gemmaScope2TranscoderIsNotAnSae(@TempDir Path tmp) throws IOException {
        Path src = Goldens.root().resolve("gemma_scope_2/resid_post/layer_3_width_40_l0_small");
        Files.copy(src.resolve("params.safetensors"), tmp.resolve("params.safetensors"));
        Files.writeString(tmp.resolve("config.json"),
                Files.readString(src.resolve("config.json")).replace("\"type\": \"sae\"", "\"type\": \"transcoder\""));
        assertThatThrownBy(() -> SaeLoader.load(tmp))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("config.json")
                .hasMessageContaining("transcoder, not an SAE");
    }
}
