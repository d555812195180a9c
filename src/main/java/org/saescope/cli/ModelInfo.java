package org.saescope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.saescope.lm.HfCache;
import org.saescope.lm.ModelConfig;
import org.saescope.lm.ModelLoader;
import org.saescope.tensor.BadInputException;

/** The language-model half of {@code saescope info}: a model's shape from config.json and tensor headers. */
final class ModelInfo {
    private ModelInfo() {
    }

    /** Whether {@code idOrPath} names a model: a folder with a config.json, or a repo id in the local HF cache. */
    static boolean recognizes(String idOrPath) {
        Path p = Path.of(idOrPath);
        if (Files.isDirectory(p)) {
            return Files.isRegularFile(p.resolve("config.json"));
        }
        if (Files.exists(p) || !HfCache.looksLikeRepoId(idOrPath)) {
            return false;
        }
        try {
            HfCache.fromEnvironment().resolve(idOrPath);
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }

    /** The fields {@code info} prints for a model, in order; {@code kind} is "model". */
    static Map<String, Object> describe(String idOrPath) {
        Path dir = ModelLoader.resolve(idOrPath);
        ModelConfig c = ModelLoader.inspect(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "model");
        m.put("path", dir.toString());
        m.put("model_type", c.modelType());
        m.put("n_layers", c.nLayers());
        m.put("d_model", c.dModel());
        m.put("n_heads", c.nHeads());
        m.put("d_mlp", c.dMlp());
        m.put("vocab_size", c.vocabSize());
        m.put("context_length", c.contextLength());
        m.put("dtype", c.dtype());
        return m;
    }
}
