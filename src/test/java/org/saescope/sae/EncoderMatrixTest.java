package org.saescope.sae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.SafetensorsWriter;
import org.saescope.tensor.TensorFiles;
import org.saescope.tensor.TensorSource;

/** The shape check both Gemma Scope readers apply to the encoder they take d_in and d_sae from. */
class EncoderMatrixTest {
    @TempDir
    Path dir;

    @Test
    void acceptsATwoDimensionalEncoderAndRefusesAnyOtherShape() throws IOException {
        Path file = dir.resolve("params.safetensors");
        new SafetensorsWriter()
                .addF32("W_enc", new float[6], 2, 3)
                .addF32("flat", new float[6], 6)
                .addF32("cube", new float[8], 2, 2, 2)
                .addF32("empty", new float[0], 0, 4)
                .write(file);
        try (TensorSource src = TensorFiles.open(file)) {
            assertThat(WeightReader.encoderMatrix(src, "W_enc").shape()).containsExactly(2, 3);
            assertThatThrownBy(() -> WeightReader.encoderMatrix(src, "flat")).isInstanceOf(BadInputException.class)
                    .hasMessage(file + ": tensor flat has shape [6], expected [d_in, d_sae]");
            assertThatThrownBy(() -> WeightReader.encoderMatrix(src, "cube"))
                    .hasMessage(file + ": tensor cube has shape [2, 2, 2], expected [d_in, d_sae]");
            assertThatThrownBy(() -> WeightReader.encoderMatrix(src, "empty"))
                    .hasMessage(file + ": tensor empty has shape [0, 4], expected [d_in, d_sae]");
        }
    }
}
