package org.saescope.tensor;

import java.util.Arrays;

/** A tensor's name, element type and shape (row-major), as declared by its file. */
public record TensorInfo(String name, DType dtype, long[] shape) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    /** Number of elements (product of the shape; 1 for a scalar). Callers validated it fits a long. */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long byteSize() {
        return numel() * dtype.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.name.equals(name) && t.dtype == dtype
                && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
