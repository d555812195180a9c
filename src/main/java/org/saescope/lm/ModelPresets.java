package org.saescope.lm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.saescope.tensor.BadInputException;

/**
 * Shapes of well-known models (their Hugging Face config.json fields), for building random-weight
 * models of the same size: {@code saescope bench forward --config gpt2-small}.
 */
public final class ModelPresets {
    private static final Map<String, String> CONFIGS = Map.of(
            "gpt2-small", """
                    {"model_type": "gpt2", "vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12,
                     "n_head": 12, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5, "eos_token_id": 50256}
                    """,
            "pythia-70m", """
                    {"model_type": "gpt_neox", "vocab_size": 50304, "max_position_embeddings": 2048, "hidden_size": 512,
                     "num_hidden_layers": 6, "num_attention_heads": 8, "intermediate_size": 2048, "hidden_act": "gelu",
                     "rotary_pct": 0.25, "rotary_emb_base": 10000, "use_parallel_residual": true, "layer_norm_eps": 1e-5,
                     "tie_word_embeddings": false, "eos_token_id": 0}
                    """);

    private ModelPresets() {
    }

    public static List<String> names() {
        return CONFIGS.keySet().stream().sorted().toList();
    }

    /** A model of the preset's shape with reproducible random weights (uniform ±0.02, norms at 1) and no tokenizer. */
    public static LanguageModel randomModel(String preset, long seed) {
        String json = CONFIGS.get(preset);
        if (json == null) {
            throw new BadInputException(null, "unknown model config '" + preset + "'; known: " + String.join(", ", names()));
        }
        ConfigJson cfg = ConfigJson.parse(json, Path.of(preset + ".config.json"));
        return ModelLoader.build(cfg, new RandomWeights(ModelLoader.tensorShapes(cfg), seed, 0.02f));
    }
}
