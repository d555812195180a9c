package org.saescope.app.prompt;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.saescope.app.session.LoadedModel;
import org.saescope.app.session.LoadedSae;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.Positions;
import org.saescope.lm.RunResult;
import org.saescope.lm.SetFeature;
import org.saescope.lm.TokenizedText;
import org.saescope.sae.SparseCodes;

/** The model-lane work behind the prompt view: analysing a prompt and measuring loss effects. */
public final class PromptAnalyzer {
    private PromptAnalyzer() {
    }

    /** Tokenizes (cutting to the model's context), runs to the SAE's hook and encodes. */
    public static PromptAnalysis analyze(String text, LoadedModel model, LoadedSae sae) {
        return analyzeTimed(text, model, sae).analysis();
    }

    /** An analysis with the time each of its model-lane stages took. */
    public record Timed(PromptAnalysis analysis, PromptTimings.Lane times) {
    }

    /** As {@link #analyze}, timing tokenization, the forward pass and the encode separately. */
    public static Timed analyzeTimed(String text, LoadedModel model, LoadedSae sae) {
        long t0 = System.nanoTime();
        LanguageModel lm = model.lm();
        TokenizedText tt = lm.tokenizer().tokenize(text);
        int[] ids = tt.ids();
        String[] pieces = lm.tokenizer().pieces(ids);
        int context = lm.config().contextLength();
        int truncatedFrom = -1;
        if (ids.length > context) {
            truncatedFrom = ids.length;
            ids = Arrays.copyOf(ids, context);
            pieces = Arrays.copyOf(pieces, context);
        }
        long t1 = System.nanoTime();
        if (ids.length == 0) {
            return new Timed(new PromptAnalysis(text, ids, pieces, new SparseCodes(new int[] {0}, new int[0], new float[0]),
                    sae.dSae(), truncatedFrom), new PromptTimings.Lane(t1 - t0, 0, 0));
        }
        RunResult r = lm.runWithCache(ids, Set.of(sae.hook()), false, List.of());
        long t2 = System.nanoTime();
        SparseCodes codes = sae.sae().encode(r.hook(sae.hook()), ids.length);
        long t3 = System.nanoTime();
        return new Timed(new PromptAnalysis(text, ids, pieces, codes, sae.dSae(), truncatedFrom),
                new PromptTimings.Lane(t1 - t0, t2 - t1, t3 - t2));
    }

    /** Mean next-token cross-entropy of {@code ids} (natural log), as the model computes it. */
    public static double meanLoss(float[] ce) {
        double s = 0;
        for (float v : ce) {
            s += v;
        }
        return s / ce.length;
    }

    /**
     * The loss effect of {@code feature}: mean next-token loss with the feature set to 0 on every
     * position (SetFeature keeps the SAE's error term) minus the clean mean loss.
     */
    public static double lossEffect(LoadedModel model, LoadedSae sae, int[] ids, int feature, double cleanLoss) {
        float[] ce = model.lm().crossEntropy(ids, List.of(
                new SetFeature(sae.hook(), sae.dictionary(), feature, 0f, Positions.all())));
        return meanLoss(ce) - cleanLoss;
    }
}
