package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** MLP activations by their Hugging Face {@code hidden_act} / {@code activation_function} names. */
enum Activation {
    /** "gelu_new" (GPT-2), "gelu_pytorch_tanh", "gelu_fast": 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    GELU_TANH,
    /** "gelu" (GPT-NeoX / Pythia): exact, 0.5·x·(1 + erf(x/√2)). */
    GELU_ERF,
    RELU;

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    static final List<String> SUPPORTED = List.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast", "gelu", "relu");

    /** The activation for a config name, or null when SAEscope does not implement it. */
    static Activation fromHfName(String name) {
        return switch (name) {
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
            case "gelu" -> GELU_ERF;
            case "relu" -> RELU;
            default -> null;
        };
    }

    /** Applies the activation; consumes {@code x} (it may be overwritten in place). */
    NDArray apply(NDArray x) {
        switch (this) {
            case GELU_ERF:
                return x.getNDArrayInternal().gelu(); // torch::gelu, approximate="none"
            case RELU:
                return x.getNDArrayInternal().relu();
            default:
                // inner = √(2/π)·(x + 0.044715·x³); one temporary for x³, the rest in place.
                NDArray inner = x.pow(3).muli(0.044715f).addi(x).muli(SQRT_2_OVER_PI);
                return inner.tanh().addi(1f).muli(x).muli(0.5f);
        }
    }
}
