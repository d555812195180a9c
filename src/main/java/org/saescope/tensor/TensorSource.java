package org.saescope.tensor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A file of named tensors (safetensors, npz): validated on open, read on demand.
 * Implementations throw {@link TensorFormatException} naming the file for anything malformed.
 */
public interface TensorSource extends AutoCloseable {
    /** The file this source reads. */
    Path path();

    /** Tensor names in file order. */
    List<String> names();

    boolean contains(String name);

    /** Declared dtype and shape; throws {@link TensorFormatException} if the name is absent. */
    TensorInfo info(String name);

    /** Free-form string metadata ({@code __metadata__} in safetensors; empty for npz). */
    Map<String, String> metadata();

    /**
     * All elements of a floating-point or integer tensor as f32, widened from F16/BF16 (exactly),
     * narrowed from F64, converted from integers. Fails with {@link TensorFormatException} if the
     * tensor has more than {@code Integer.MAX_VALUE} elements; use {@link #readF32(String, long, float[], int, int)}.
     */
    float[] readF32(String name);

    /** {@code len} elements starting at element {@code start} (row-major), as f32, into dst[off..]. */
    void readF32(String name, long start, float[] dst, int off, int len);

    /** All elements of an integer or bool tensor as longs. */
    long[] readI64(String name);

    @Override
    void close();
}
