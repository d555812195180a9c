package org.saescope.lm;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saescope.tensor.BadInputException;

/**
 * Opens Hugging Face model folders: reads {@code config.json}'s {@code model_type} and hands the
 * folder to that family. A model is named by a folder path or by a hub id found in the local
 * Hugging Face cache ({@link HfCache}).
 */
public final class ModelLoader {
    /** Every family SAEscope runs, by model_type. Llama / Gemma 2 join here. */
    private static final Map<String, ModelFamily> FAMILIES = new TreeMap<>(Map.of(
            Gpt2Model.FAMILY.modelType(), Gpt2Model.FAMILY,
            GptNeoXModel.FAMILY.modelType(), GptNeoXModel.FAMILY));

    private ModelLoader() {
    }

    public static List<String> supportedModelTypes() {
        return List.copyOf(FAMILIES.keySet());
    }

    /** The folder {@code idOrPath} names: an existing folder as is, otherwise a hub id looked up in the local cache. */
    public static Path resolve(String idOrPath) {
        Path p = Path.of(idOrPath);
        if (Files.isDirectory(p)) {
            return p;
        }
        if (Files.exists(p)) {
            throw new BadInputException(p, "is a file; a model is a Hugging Face folder (config.json, *.safetensors, tokenizer.json)");
        }
        return HfCache.fromEnvironment().resolve(idOrPath);
    }

    /** Loads the model {@code idOrPath} names (see {@link #resolve}). */
    public static LanguageModel load(String idOrPath) {
        return load(resolve(idOrPath));
    }

    /** Loads a Hugging Face folder: config.json, model.safetensors (or shards), tokenizer.json. */
    public static LanguageModel load(Path dir) {
        ConfigJson cfg = ConfigJson.read(dir.resolve("config.json"));
        ModelFamily family = family(cfg);
        family.parse(cfg, "");  // config errors before any file is opened
        TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("tokenizer.json"));
        try (CheckpointWeights weights = CheckpointWeights.open(dir)) {
            return build(family, cfg, weights, tokenizer, weights.storedDType());
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The shape of the model in {@code dir} without loading its weights (reads config.json and tensor headers). */
    public static ModelConfig inspect(Path dir) {
        ConfigJson cfg = ConfigJson.read(dir.resolve("config.json"));
        ModelFamily family = family(cfg);
        family.parse(cfg, "");
        try (CheckpointWeights weights = CheckpointWeights.open(dir)) {
            return family.parse(cfg, weights.storedDType());
        }
    }

    /** A model of a family's shape with the given weights and no tokenizer (benchmarks, tests). */
    static LanguageModel build(ConfigJson cfg, Weights weights) {
        return build(family(cfg), cfg, weights, null, "float32");
    }

    static Map<String, long[]> tensorShapes(ConfigJson cfg) {
        return family(cfg).tensorShapes(cfg);
    }

    private static LanguageModel build(ModelFamily family, ConfigJson cfg, Weights weights, TextTokenizer tokenizer, String dtype) {
        NDManager manager = NDManager.newBaseManager();
        try {
            return family.create(cfg, weights, tokenizer, manager, dtype);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static ModelFamily family(ConfigJson cfg) {
        String type = cfg.modelType();
        ModelFamily f = FAMILIES.get(type);
        if (f == null) {
            throw cfg.bad("model_type \"" + type + "\" is not supported; supported: " + String.join(", ", FAMILIES.keySet()));
        }
        return f;
    }
}
