package org.saescope.sae.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.saescope.tensor.BadInputException;

class SaeKernelsTest {
    private final EncoderSpec spec = TestSpecs.quantized(Arch.TOPK, 8, 32, 4, false, 1);

    @Test
    void namesPickTheKernel() {
        try (SaeKernel cpu = SaeKernels.create(spec, "cpu"); SaeKernel ref = SaeKernels.create(spec, "Reference")) {
            assertThat(cpu).isInstanceOf(DjlKernel.class);
            assertThat(cpu.name()).isEqualTo("djl-cpu");
            assertThat(ref).isInstanceOf(ReferenceKernel.class);
        }
    }

    @Test
    void unknownDeviceIsBadInput() {
        assertThatThrownBy(() -> SaeKernels.create(spec, "tpu"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("tpu");
    }

    @Test
    void cudaWithoutAGpuIsBadInput() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        assertThatThrownBy(() -> SaeKernels.create(spec, "cuda"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("no CUDA device");
    }
}
