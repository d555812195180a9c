package org.saescope.lm;

/**
 * The shape of a loaded model, family-neutral (what {@code saescope info} prints).
 *
 * @param modelType     config.json's {@code model_type} ("gpt2", "gpt_neox")
 * @param dtype         the dtype most weights are stored in, torch-style ("float32", "bfloat16"); compute is f32
 * @param eosTokenId    end-of-text token id, or -1 when the config names none
 */
public record ModelConfig(String modelType, int nLayers, int dModel, int nHeads, int dMlp, int vocabSize,
                          int contextLength, String dtype, int eosTokenId) {
    public ModelConfig {
        if (nLayers <= 0 || dModel <= 0 || nHeads <= 0 || dMlp <= 0 || vocabSize <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + nLayers + " " + dModel + " " + nHeads
                    + " " + dMlp + " " + vocabSize + " " + contextLength);
        }
    }

    public int dHead() {
        return dModel / nHeads;
    }

    public ModelConfig withDtype(String newDtype) {
        return new ModelConfig(modelType, nLayers, dModel, nHeads, dMlp, vocabSize, contextLength, newDtype, eosTokenId);
    }
}
