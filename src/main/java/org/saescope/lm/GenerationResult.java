package org.saescope.lm;

/** The generated tokens (without the prompt) and why generation stopped. */
public record GenerationResult(int[] tokens, StopReason stopReason) {
    public enum StopReason {
        /** {@code maxTokens} were generated. */
        MAX_TOKENS,
        /** A stop token was generated (it is included in {@code tokens}). */
        STOP_TOKEN,
        /** The sequence filled the model's context. */
        CONTEXT_FULL,
        /** The cancellation check said stop. */
        CANCELLED
    }
}
