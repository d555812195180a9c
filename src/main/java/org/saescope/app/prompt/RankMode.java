package org.saescope.app.prompt;

import java.util.Comparator;

/** How the prompt's features are ordered. Unknown values (NaN) sort last. */
public enum RankMode {
    ACTIVATION("Max activation"),
    QUANTILE("Quantile in own distribution"),
    LOSS_EFFECT("Loss effect (ablation)");

    private final String title;

    RankMode(String title) {
        this.title = title;
    }

    public Comparator<FeatureRank> comparator() {
        Comparator<FeatureRank> primary = switch (this) {
            case ACTIVATION -> Comparator.comparingDouble(r -> -r.maxAct());
            case QUANTILE -> descendingNanLast(FeatureRank::quantile);
            case LOSS_EFFECT -> descendingNanLast(FeatureRank::lossEffect);
        };
        return primary.thenComparingDouble(r -> -r.maxAct()).thenComparingInt(FeatureRank::feature);
    }

    private static Comparator<FeatureRank> descendingNanLast(java.util.function.ToDoubleFunction<FeatureRank> key) {
        return (a, b) -> {
            double x = key.applyAsDouble(a);
            double y = key.applyAsDouble(b);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            }
            return Double.compare(y, x);
        };
    }

    @Override
    public String toString() {
        return title;
    }
}
