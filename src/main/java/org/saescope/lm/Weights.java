package org.saescope.lm;

import java.nio.file.Path;
import org.saescope.tensor.TensorInfo;

/**
 * The named tensors of one model, wherever they are stored (one safetensors file, shards, or random
 * values for a benchmark). Values always come out as f32: f16 and bf16 are widened in Java, because
 * DJL must never see a bf16 tensor.
 */
public interface Weights extends AutoCloseable {
    /** Declared dtype and shape, or null when there is no tensor of that name. */
    TensorInfo info(String name);

    /** The file a tensor lives in (for error messages), or the checkpoint itself when it is absent. */
    Path fileOf(String name);

    /** All elements, row-major, widened to f32. */
    float[] readF32(String name);

    @Override
    void close();
}
