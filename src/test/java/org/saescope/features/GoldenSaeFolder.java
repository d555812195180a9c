package org.saescope.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.saescope.lm.LmFixtures;
import org.saescope.tensor.SafetensorsFile;
import org.saescope.tensor.SafetensorsWriter;

/**
 * Writes the ReLU SAE of an lm golden file (src/test/python/lm_golden.py: f = relu((x − b_dec)·W_enc + b_enc))
 * as a SAELens v6 folder — architecture "standard" with apply_b_dec_to_input is exactly that SAE —
 * so the real SAE loader can be run against the torch reference.
 */
public final class GoldenSaeFolder {
    public static final String HOOK = "blocks.0.hook_resid_post";

    private GoldenSaeFolder() {
    }

    /** Writes {@code dir/cfg.json} and {@code dir/sae_weights.safetensors}; returns dir. */
    public static Path write(String model, Path dir) throws IOException {
        return write(model, dir, false);
    }

    /** As {@link #write(String, Path)}, the SAE trained with {@code prepend_bos} as given (its activations start after a BOS). */
    public static Path write(String model, Path dir, boolean prependBos) throws IOException {
        Files.createDirectories(dir);
        try (SafetensorsFile g = LmFixtures.golden(model)) {
            long[] enc = g.info("sae.W_enc").shape();
            new SafetensorsWriter()
                    .addF32("W_enc", g.readF32("sae.W_enc"), enc)
                    .addF32("b_enc", g.readF32("sae.b_enc"), enc[1])
                    .addF32("W_dec", g.readF32("sae.W_dec"), enc[1], enc[0])
                    .addF32("b_dec", g.readF32("sae.b_dec"), enc[0])
                    .write(dir.resolve("sae_weights.safetensors"));
            Files.writeString(dir.resolve("cfg.json"), """
                    {"architecture": "standard", "d_in": %d, "d_sae": %d, "dtype": "float32", "device": "cpu",
                     "apply_b_dec_to_input": true, "normalize_activations": "none", "reshape_activations": "none",
                     "metadata": {"sae_lens_version": "6.5.1", "model_name": "%s", "hook_name": "%s",
                                  "hook_head_index": null, "context_size": 32, "prepend_bos": %b}}
                    """.formatted(enc[0], enc[1], model, HOOK, prependBos));
        }
        return dir;
    }
}
