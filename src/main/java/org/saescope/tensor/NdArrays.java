package org.saescope.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The bridge between Java arrays / tensor files and DJL {@link NDArray}s. Everything crosses as
 * f32: 16-bit floats are widened in Java first, because DJL's PyTorch engine aborts the JVM on
 * bf16 buffers. Results leave DJL as plain Java arrays.
 */
public final class NdArrays {
    private NdArrays() {
    }

    /** A new f32 NDArray in {@code manager} holding {@code data} with {@code shape} (row-major). */
    public static NDArray toNd(NDManager manager, float[] data, long... shape) {
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            numel = Math.multiplyExact(numel, d);
        }
        if (numel != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + numel
                    + " elements but the array has " + data.length);
        }
        return manager.create(data, new Shape(shape));
    }

    /** Tensor {@code name} of {@code source} as an f32 NDArray in {@code manager}, widened in Java first. */
    public static NDArray toNd(NDManager manager, TensorSource source, String name) {
        TensorInfo info = source.info(name);
        return toNd(manager, source.readF32(name), info.shape());
    }

    /**
     * The elements of {@code array} as f32, row-major. Arrays of another type are converted in a
     * temporary sub-manager, so nothing is left attached to the caller's manager.
     */
    public static float[] toFloats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDManager scratch = array.getManager().newSubManager()) {
            NDArray f32 = array.toType(DataType.FLOAT32, true);
            f32.attach(scratch);
            return f32.toFloatArray();
        }
    }
}
