package org.saescope.lm;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.DType;
import org.saescope.tensor.TensorInfo;

/**
 * Reproducible random f32 weights of given shapes, for benchmarking a model's speed without its
 * checkpoint: uniform in ±{@code scale}, except vectors named {@code *norm*.weight} / {@code ln*.weight},
 * which are 1 so layer norms behave.
 */
public final class RandomWeights implements Weights {
    private static final Path ORIGIN = Path.of("random-weights");

    private final Map<String, long[]> shapes;
    private final long seed;
    private final float scale;

    public RandomWeights(Map<String, long[]> shapes, long seed, float scale) {
        this.shapes = Map.copyOf(shapes);
        this.seed = seed;
        this.scale = scale;
    }

    @Override
    public TensorInfo info(String name) {
        long[] s = shapes.get(name);
        return s == null ? null : new TensorInfo(name, DType.F32, s);
    }

    @Override
    public Path fileOf(String name) {
        return ORIGIN;
    }

    @Override
    public float[] readF32(String name) {
        TensorInfo info = info(name);
        if (info == null) {
            throw new BadInputException(ORIGIN, "missing tensor '" + name + "'");
        }
        float[] a = new float[Math.toIntExact(info.numel())];
        boolean isNormWeight = info.rank() == 1 && name.endsWith(".weight") && (name.contains("norm") || name.contains("ln"));
        if (isNormWeight) {
            java.util.Arrays.fill(a, 1f);
            return a;
        }
        SplittableRandom r = new SplittableRandom(seed ^ name.hashCode());
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    @Override
    public void close() {
    }
}
