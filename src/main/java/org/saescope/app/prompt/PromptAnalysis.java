package org.saescope.app.prompt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.saescope.sae.SparseCodes;

/**
 * A prompt run through the model and the SAE: its tokens (ids and the text each one shows) and
 * every token's active features. Plain Java, built on the model lane, read on the UI thread.
 *
 * @param truncatedFrom the prompt's token count before it was cut to the model's context, or -1
 */
public record PromptAnalysis(String text, int[] ids, String[] pieces, SparseCodes codes, int dSae, int truncatedFrom) {
    public int size() {
        return ids.length;
    }

    /** Feature {@code f}'s activation on each token (0 where it is not active). */
    public float[] activations(int feature) {
        float[] out = new float[size()];
        for (int t = 0; t < out.length; t++) {
            out[t] = codes.get(t, feature);
        }
        return out;
    }

    /** The largest activation of any feature on each token (what the heatmap shows with no feature chosen). */
    public float[] strongest() {
        float[] out = new float[size()];
        for (int t = 0; t < out.length; t++) {
            // codes are sorted by value, largest first
            out[t] = codes.count(t) == 0 ? 0f : Math.max(0f, codes.values()[codes.start(t)]);
        }
        return out;
    }

    /** The features active on token {@code t}, strongest first. */
    public List<FeatureActivation> featuresAt(int t) {
        List<FeatureActivation> out = new ArrayList<>(codes.count(t));
        for (int p = codes.start(t); p < codes.end(t); p++) {
            out.add(new FeatureActivation(codes.indices()[p], codes.values()[p]));
        }
        return out;
    }

    /**
     * Every feature active anywhere in the prompt with its largest activation and where that was,
     * by descending activation (ties: lower id first).
     */
    public List<FeatureRank> featureMaxima() {
        Map<Integer, FeatureRank> best = new HashMap<>();
        int[] idx = codes.indices();
        float[] val = codes.values();
        for (int t = 0; t < size(); t++) {
            for (int p = codes.start(t); p < codes.end(t); p++) {
                if (val[p] <= 0) {
                    continue;
                }
                FeatureRank cur = best.get(idx[p]);
                if (cur == null || val[p] > cur.maxAct()) {
                    best.put(idx[p], new FeatureRank(idx[p], val[p], t, Double.NaN, Double.NaN));
                }
            }
        }
        List<FeatureRank> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparingDouble((FeatureRank r) -> -r.maxAct()).thenComparingInt(FeatureRank::feature));
        return out;
    }

    /** One feature's activation on one token. */
    public record FeatureActivation(int feature, float value) {
    }
}
