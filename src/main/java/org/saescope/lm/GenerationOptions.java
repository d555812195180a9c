package org.saescope.lm;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * How to generate. Sampling order follows Hugging Face: logits / temperature, then top-k, then
 * top-p (nucleus), then a draw from the renormalized distribution with a {@link java.util.SplittableRandom}
 * seeded by {@code seed}, so the same seed gives the same tokens.
 *
 * @param temperature  0 means greedy (argmax, lowest id on ties)
 * @param topK         keep the k most likely tokens; 0 keeps all
 * @param topP         keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 * @param stopTokens   generation ends after emitting any of these
 * @param useKvCache   false recomputes the whole sequence each step (same tokens, slower; for checking)
 * @param cancelled    checked before each step; true ends generation with {@link GenerationResult.StopReason#CANCELLED}
 */
public record GenerationOptions(int maxTokens, float temperature, int topK, float topP, long seed, int[] stopTokens,
                                boolean useKvCache, BooleanSupplier cancelled) {
    public GenerationOptions {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be ≥ 0, got " + maxTokens);
        }
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and ≥ 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be ≥ 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        stopTokens = stopTokens.clone();
    }

    /** Greedy, {@code maxTokens} tokens, no stop token, KV cache on, never cancelled. */
    public static GenerationOptions greedy(int maxTokens) {
        return new GenerationOptions(maxTokens, 0f, 0, 1f, 0L, new int[0], true, () -> false);
    }

    public GenerationOptions withSampling(float newTemperature, int newTopK, float newTopP, long newSeed) {
        return new GenerationOptions(maxTokens, newTemperature, newTopK, newTopP, newSeed, stopTokens, useKvCache, cancelled);
    }

    public GenerationOptions withStopTokens(int... tokens) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, seed, tokens, useKvCache, cancelled);
    }

    public GenerationOptions withKvCache(boolean on) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, seed, stopTokens, on, cancelled);
    }

    public GenerationOptions withCancellation(BooleanSupplier check) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, seed, stopTokens, useKvCache, check);
    }

    @Override
    public int[] stopTokens() {
        return stopTokens.clone();
    }

    boolean isStop(int token) {
        return Arrays.stream(stopTokens).anyMatch(t -> t == token);
    }
}
