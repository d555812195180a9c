package org.saescope.lm;

import java.util.List;
import java.util.Set;

/**
 * A causal language model running on the CPU in f32, with TransformerLens hook points.
 *
 * <p>Threading: a model is used from one thread at a time. Every method takes the model's lock, so
 * a second thread waits rather than corrupting state; UI code should still run models on one
 * background executor. Results are plain Java arrays that outlive the call.
 *
 * <p>Bad arguments that come from a user (token ids outside the vocabulary, too many tokens, an
 * unknown hook, an intervention whose width differs from its hook's) raise
 * {@link org.saescope.tensor.BadInputException} with a message saying what is valid.
 */
public interface LanguageModel extends AutoCloseable {
    ModelConfig config();

    /** The model's tokenizer; null only for models built without one (benchmarks). */
    TextTokenizer tokenizer();

    /** Every hook name this model fires, in forward order. */
    List<String> hookNames();

    /** The activation width at a hook (d_model for every hook here); unknown names are bad input. */
    int hookWidth(String hook);

    /**
     * Runs the model over {@code tokens} and returns the activations at {@code hooks} and, if asked,
     * the logits. Without logits it stops after the last block a requested hook needs.
     */
    RunResult runWithCache(int[] tokens, Set<String> hooks, boolean wantLogits, List<Intervention> interventions);

    /** Logits only: {@code [T, vocab]}. */
    default float[] logits(int[] tokens) {
        return runWithCache(tokens, Set.of(), true, List.of()).logits();
    }

    /**
     * Generates after {@code prompt}, applying {@code interventions} at every step (positions are
     * absolute: prompt tokens first). Calls {@code listener} with each token as it is chosen.
     */
    GenerationResult generate(int[] prompt, GenerationOptions options, List<Intervention> interventions, TokenListener listener);

    /**
     * Next-token cross-entropy (natural log) at each position: element t is
     * {@code −log p(tokens[t+1] | tokens[0..t])}, so the result has {@code T − 1} entries.
     */
    float[] crossEntropy(int[] tokens, List<Intervention> interventions);

    @Override
    void close();
}
