package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.TensorInfo;

/**
 * Reads a family's weights by name, checks each against the shape its config.json implies, and
 * uploads them (f32) to NDArrays owned by the model's manager.
 */
final class ParamLoader {
    private final Weights weights;
    private final NDManager manager;
    private final String prefix;
    private final String modelType;

    /** {@code prefix} is put in front of every name (e.g. "transformer." for some GPT-2 files). */
    ParamLoader(Weights weights, NDManager manager, String prefix, String modelType) {
        this.weights = weights;
        this.manager = manager;
        this.prefix = prefix;
        this.modelType = modelType;
    }

    /** The tensor {@code name} as f32, after checking it exists and has exactly {@code shape}. */
    float[] read(String name, long... shape) {
        String full = prefix + name;
        TensorInfo info = weights.info(full);
        if (info == null) {
            throw new BadInputException(weights.fileOf(full), "missing tensor '" + full + "', which a " + modelType
                    + " model with this config.json needs");
        }
        if (!Arrays.equals(info.shape(), shape)) {
            throw new BadInputException(weights.fileOf(full), "tensor '" + full + "' has shape " + Arrays.toString(info.shape())
                    + ", but config.json implies " + Arrays.toString(shape));
        }
        if (!info.dtype().isFloatingPoint()) {
            throw new BadInputException(weights.fileOf(full), "tensor '" + full + "' is " + info.dtype() + ", not a float type");
        }
        return weights.readF32(full);
    }

    /** Reads and uploads {@code name} as is. */
    NDArray load(String name, long... shape) {
        return upload(read(name, shape), shape);
    }

    /** Reads a matrix stored {@code [rows, cols]} and uploads its transpose {@code [cols, rows]}. */
    NDArray loadTransposed(String name, int rows, int cols) {
        return upload(Ops.transpose(read(name, rows, cols), rows, cols), cols, rows);
    }

    NDArray upload(float[] data, long... shape) {
        return manager.create(data, new Shape(shape));
    }
}
