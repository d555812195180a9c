package org.saescope.lm;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.function.Function;

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

    /** How a family builds a model from its validated hyper-parameters {@code H}. */
    @FunctionalInterface
    interface Factory<H> {
        TransformerModel create(H hyper, Weights weights, TextTokenizer tokenizer, NDManager manager, String dtype);
    }

    /** A family's hyper-parameters, read and validated from config.json. */
    interface Hyper {
        ModelConfig config(String dtype);

        /** Tensor names and stored shapes. */
        Map<String, long[]> shapes();
    }

    /** The family that reads config.json into {@code H} with {@code read} and builds models with {@code factory}. */
    static <H extends Hyper> ModelFamily of(String modelType, Function<ConfigJson, H> read, Factory<H> factory) {
        return new ModelFamily() {
            @Override
            public String modelType() {
                return modelType;
            }

            @Override
            public ModelConfig parse(ConfigJson config, String dtype) {
                return read.apply(config).config(dtype);
            }

            @Override
            public Map<String, long[]> tensorShapes(ConfigJson config) {
                return read.apply(config).shapes();
            }

            @Override
            public TransformerModel create(ConfigJson config, Weights weights, TextTokenizer tokenizer, NDManager manager,
                                           String dtype) {
                return factory.create(read.apply(config), weights, tokenizer, manager, dtype);
            }
        };
    }
}
