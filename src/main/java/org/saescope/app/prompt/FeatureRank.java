package org.saescope.app.prompt;

/**
 * One feature of a prompt and the three numbers it can be ranked by.
 *
 * @param maxAct     its largest activation in the prompt
 * @param token      the token where that was
 * @param quantile   where maxAct lies in the feature's own distribution (from the index), NaN if unknown
 * @param lossEffect mean next-token loss with the feature ablated minus without (positive: the
 *                   feature helped predict), NaN until computed
 */
public record FeatureRank(int feature, float maxAct, int token, double quantile, double lossEffect) {
    public FeatureRank withQuantile(double q) {
        return new FeatureRank(feature, maxAct, token, q, lossEffect);
    }

    public FeatureRank withLossEffect(double e) {
        return new FeatureRank(feature, maxAct, token, quantile, e);
    }
}
