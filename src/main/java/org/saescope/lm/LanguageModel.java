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

    /**
     * The activations at {@code hook} of several independent token windows (each from position 0,
     * no interventions): element i is window i's {@code [T_i, width]}, exactly what
     * {@code runWithCache(windows.get(i), Set.of(hook), false, List.of()).hook(hook)} gives, up to
     * float rounding. Windows may differ in length. A model may run them as one batched forward,
     * which is what makes this cheaper than one call per window; the caller picks how many windows
     * go into one call (their tokens are held at once, times the width and a few intermediates).
     */
    default List<float[]> hookActivations(List<int[]> windows, String hook) {
        List<float[]> out = new java.util.ArrayList<>(windows.size());
        for (int[] w : windows) {
            out.add(runWithCache(w, Set.of(hook), false, List.of()).hook(hook));
        }
        return out;
    }

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

    /**
     * Direct logit effect of residual-stream directions: for each row {@code u} of
     * {@code directions} ({@code [rows, dModel]}), the logits {@code [rows, vocab]} that the final
     * norm and the unembedding give it, with the final norm linearised the way TransformerLens's
     * {@code fold_ln} treats it: a LayerNorm's centring and gain γ are applied
     * ({@code (u − mean(u)) ∘ γ · W_U}), its bias β (the same for every direction) and the per-token
     * division by σ (a positive scale that keeps the ranking of tokens) are left out. This is what
     * feature dashboards show as a feature's logit effects ({@code W_dec[f] · W_U}).
     */
    float[] directionLogits(float[] directions, int rows);

    @Override
    void close();
}
