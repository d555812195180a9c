package org.saescope.train.lm;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.SafetensorsFile;
import org.saescope.tensor.SafetensorsWriter;
import org.saescope.train.AdamOptimizer;

/**
 * A resumable training state in one safetensors file: {@code param/NAME}, {@code adam_m/NAME},
 * {@code adam_v/NAME} (f32, compute layout) and metadata {@code step}, {@code adam_steps} and
 * {@code config} (the run's {@link LmTrainConfig} as text, so a checkpoint of another run is refused
 * rather than silently continued).
 */
final class LmCheckpoint {
    private LmCheckpoint() {
    }

    static void save(Path file, LmTrainConfig cfg, int step, List<String> names, List<NDArray> params, AdamOptimizer adam) {
        SafetensorsWriter w = new SafetensorsWriter();
        List<NDArray> m = adam.firstMoments();
        List<NDArray> v = adam.secondMoments();
        for (int i = 0; i < names.size(); i++) {
            long[] shape = params.get(i).getShape().getShape();
            w.addF32("param/" + names.get(i), params.get(i).toFloatArray(), shape);
            w.addF32("adam_m/" + names.get(i), m.get(i).toFloatArray(), shape);
            w.addF32("adam_v/" + names.get(i), v.get(i).toFloatArray(), shape);
        }
        w.metadata("step", Integer.toString(step));
        w.metadata("adam_steps", Integer.toString(adam.steps()));
        w.metadata("config", cfg.toString());
        try {
            w.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file, e);
        }
    }

    /** The step recorded in a checkpoint. */
    static int step(Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return Integer.parseInt(f.metadata().get("step"));
        } catch (NumberFormatException | NullPointerException e) {
            throw new BadInputException(file, "is not a complete SAEscope LM checkpoint (step metadata missing)");
        }
    }

    /** Loads the state into {@code params} and {@code adam}; returns the step to continue from. */
    static int restore(Path file, LmTrainConfig cfg, List<String> names, List<NDArray> params, AdamOptimizer adam) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> meta = f.metadata();
            if (!cfg.toString().equals(meta.get("config"))) {
                throw new BadInputException(file, "is a checkpoint of a different training run (config "
                        + meta.get("config") + "); delete it or choose another checkpoint folder to start afresh");
            }
            List<float[]> m = new ArrayList<>();
            List<float[]> v = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                params.get(i).set(f.readF32("param/" + names.get(i)));
                m.add(f.readF32("adam_m/" + names.get(i)));
                v.add(f.readF32("adam_v/" + names.get(i)));
            }
            adam.restore(Integer.parseInt(meta.get("adam_steps")), m, v);
            return Integer.parseInt(meta.get("step"));
        } catch (NumberFormatException | NullPointerException e) {
            throw new BadInputException(file, "is not a complete SAEscope LM checkpoint (step metadata missing)");
        }
    }
}
