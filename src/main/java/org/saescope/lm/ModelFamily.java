package org.saescope.lm;

import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * One architecture family, keyed by config.json's {@code model_type}. Adding a family (Llama,
 * Gemma 2) is one file: a {@link TransformerModel} subclass with a {@code FAMILY} constant, listed
 * in {@link ModelLoader}.
 */
interface ModelFamily {
    /** The {@code model_type} this family reads. */
    String modelType();

    /** The model's shape from its config (validated), with the given stored dtype. */
    ModelConfig parse(ConfigJson config, String dtype);

    /** Canonical tensor names and stored shapes a checkpoint of this config holds (used for random weights). */
    Map<String, long[]> tensorShapes(ConfigJson config);

    /** Builds the model, uploading every weight into {@code manager}, which the model then owns. */
    TransformerModel create(ConfigJson config, Weights weights, TextTokenizer tokenizer, NDManager manager, String dtype);
}
