package org.saescope.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.tensor.SafetensorsWriter;

class SaeEvaluatorTest {
    /**
     * A hand-made standard SAE on d_in = 2: features 0 and 1 copy the two coordinates (W_enc = I,
     * W_dec rows e0, e1), feature 2 has a zero encoder column and b_enc = −1 so it never fires.
     * On non-negative inputs the reconstruction is exact.
     */
    private static Path identitySae(Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("sae"));
        Files.writeString(folder.resolve("cfg.json"), """
                {"architecture": "standard", "d_in": 2, "d_sae": 3, "dtype": "float32",
                 "apply_b_dec_to_input": true, "normalize_activations": "none",
                 "metadata": {"sae_lens_version": "6.0.0", "hook_name": "blocks.0.hook_resid_post"}}
                """);
        new SafetensorsWriter()
                .addF32("W_enc", new float[] {1, 0, 0, 0, 1, 0}, 2, 3)
                .addF32("W_dec", new float[] {1, 0, 0, 1, 1, 1}, 3, 2)
                .addF32("b_enc", new float[] {0, 0, -1}, 3)
                .addF32("b_dec", new float[] {0, 0}, 2)
                .write(folder.resolve("sae_weights.safetensors"));
        return folder;
    }

    @Test
    void metricsOfAnExactSae(@TempDir Path dir) throws Exception {
        try (Sae sae = SaeLoader.load(identitySae(dir))) {
            SaeEvaluator ev = new SaeEvaluator(sae);
            // tokens (1,2), (3,0), (0.5,0.5): active features 2, 1, 2; Σ|f| = 3, 3, 1
            ev.add(new float[] {1, 2, 3, 0}, 2);
            ev.add(new float[] {0.5f, 0.5f}, 1);
            SaeMetrics m = ev.metrics();
            assertThat(m.tokens()).isEqualTo(3);
            assertThat(m.l0()).isCloseTo(5.0 / 3, within(1e-12));
            assertThat(m.l1()).isCloseTo(7.0 / 3, within(1e-12));
            assertThat(m.mse()).isZero();
            assertThat(m.explainedVariance()).isEqualTo(1.0);
            assertThat(m.cossim()).isCloseTo(1.0, within(1e-12));
            assertThat(m.l2Ratio()).isCloseTo(1.0, within(1e-12));
            assertThat(m.deadFeatures()).isEqualTo(1);
            assertThat(m.denseFeatures()).isEqualTo(2);
        }
    }

    @Test
    void negativeInputsAreClippedByTheReluAndShowAsError(@TempDir Path dir) throws Exception {
        try (Sae sae = SaeLoader.load(identitySae(dir))) {
            SaeEvaluator ev = new SaeEvaluator(sae);
            // (−1, 2): feature 0 is off, x̂ = (0, 2); (1, 0): x̂ = (1, 0)
            ev.add(new float[] {-1, 2, 1, 0}, 2);
            SaeMetrics m = ev.metrics();
            assertThat(m.mse()).isCloseTo(1.0 / 2 / 2, within(1e-12));
            // E x = (0, 1); E‖x‖² = (5 + 1)/2 = 3; total variance 3 − 1 = 2; E err = 1/2
            assertThat(m.explainedVariance()).isCloseTo(1 - 0.5 / 2, within(1e-12));
            assertThat(m.l0()).isEqualTo(1.0);
        }
    }
}
