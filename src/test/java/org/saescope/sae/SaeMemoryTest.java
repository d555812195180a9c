package org.saescope.sae;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.SafetensorsWriter;

/**
 * The memory budget: a loaded f32 SAE the size of GPT-2 small's 768 x 24576 keeps at most 1.5x
 * its file size, Java heap and libtorch's copy together (W_enc lives once, in libtorch; W_dec once,
 * in the Sae).
 */
class SaeMemoryTest {
    private static final int D_IN = 768;
    private static final int D_SAE = 24576;

    @Test
    void gpt2SizedSaeUsesAtMostOneAndAHalfTimesItsFileSize(@TempDir Path dir) throws IOException {
        writeSae(dir);
        long fileSize = Files.size(dir.resolve("sae_weights.safetensors"));
        long before = usedAfterGc();
        try (Sae sae = SaeLoader.load(dir)) {
            long retained = usedAfterGc() - before;
            // The default (DJL) kernel also holds W_enc in libtorch's memory, outside the Java heap.
            long nativeEncoder = (long) D_IN * D_SAE * Float.BYTES;
            assertThat(sae.config().dSae()).isEqualTo(D_SAE);
            assertThat((double) (retained + nativeEncoder) / fileSize)
                    .as("retained %d heap + %d native bytes for a %d-byte file", retained, nativeEncoder, fileSize)
                    .isLessThanOrEqualTo(1.5);
            float[] wEnc = sae.wEnc();
            assertThat(wEnc[7]).isEqualTo(0.5f);
            assertThat(wEnc[8]).isZero();
        }
    }

    /** Written in its own method so the writer's arrays are garbage before measuring. */
    private static void writeSae(Path dir) throws IOException {
        float[] wEnc = new float[D_IN * D_SAE];
        float[] wDec = new float[D_SAE * D_IN];
        wEnc[7] = 0.5f;
        wDec[9] = -0.25f;
        new SafetensorsWriter()
                .addF32("W_enc", wEnc, D_IN, D_SAE)
                .addF32("W_dec", wDec, D_SAE, D_IN)
                .addF32("b_enc", new float[D_SAE], D_SAE)
                .addF32("b_dec", new float[D_IN], D_IN)
                .write(dir.resolve("sae_weights.safetensors"));
        Files.writeString(dir.resolve("cfg.json"), "{\"architecture\": \"standard\", \"d_in\": " + D_IN
                + ", \"d_sae\": " + D_SAE + ", \"metadata\": {\"sae_lens_version\": \"6.5.1\"}}");
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
