package org.saescope.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.saescope.lm.FeatureDictionary;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ReplaceWithReconstruction;
import org.saescope.lm.RunResult;
import org.saescope.lm.corpus.CorpusWindows;
import org.saescope.sae.Sae;

/**
 * The full evaluation of an SAE on a model over a corpus: for each window of tokens, one clean run
 * records the hook's activations (fed to {@link SaeEvaluator}) and the logits; two more runs splice
 * the SAE's reconstruction into the hook ({@link ReplaceWithReconstruction}, no error term) and
 * zero-ablate it ({@link ZeroAblation}). Position t's three next-token distributions are scored
 * against token t+1 of the window ({@link NextTokenLossMetrics}); the last position of a window has
 * no target there and counts only for the reconstruction metrics.
 */
public final class ModelSaeEvaluation {
    private ModelSaeEvaluation() {
    }

    /**
     * Evaluates until {@code maxTokens} tokens or the end of the corpus. {@code dictionary} is the
     * same SAE as an lm feature dictionary (what the splice calls); {@code withLoss} false skips the
     * three model runs' CE/KL half (those fields are then NaN).
     */
    public static EvalResult run(LanguageModel model, Sae sae, FeatureDictionary dictionary, String hook,
                                 CorpusWindows windows, long maxTokens, boolean withLoss) {
        SaeEvaluator evaluator = new SaeEvaluator(sae);
        NextTokenLossMetrics loss = new NextTokenLossMetrics(model.config().vocabSize());
        int width = model.hookWidth(hook);
        int vocab = model.config().vocabSize();
        List<org.saescope.lm.Intervention> splice = List.of(new ReplaceWithReconstruction(hook, dictionary, false));
        List<org.saescope.lm.Intervention> zero = List.of(new ZeroAblation(hook, width));
        long done = 0;
        int[] w;
        while (done < maxTokens && (w = windows.next()) != null) {
            if (done + w.length > maxTokens) {
                w = Arrays.copyOf(w, (int) (maxTokens - done));
            }
            int t = w.length;
            RunResult clean = model.runWithCache(w, Set.of(hook), withLoss, List.of());
            evaluator.add(clean.hook(hook), t);
            done += t;
            if (withLoss && t >= 2) {
                float[] sae1 = model.runWithCache(w, Set.of(), true, splice).logits();
                float[] zero1 = model.runWithCache(w, Set.of(), true, zero).logits();
                int n = (t - 1) * vocab;
                loss.add(Arrays.copyOf(clean.logits(), n), Arrays.copyOf(sae1, n), Arrays.copyOf(zero1, n),
                        Arrays.copyOfRange(w, 1, t));
            }
        }
        return EvalResult.of(evaluator.metrics(), withLoss ? loss : null);
    }
}
