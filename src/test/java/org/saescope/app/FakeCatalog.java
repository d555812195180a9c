package org.saescope.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.catalog.FeatureSummary;
import org.saescope.app.catalog.TokenStrip;

/**
 * A hand-made index of {@code n} features for screens that need statistics: feature f has density
 * 10^-(1 + f % 5), max activation f + 1, top token "tok" + f, two concept suggestions
 * ("concept A of f", "concept B of f"), one top example and a histogram over [0, f + 1).
 * Quantile of an activation a is a / (f + 1), clamped to [0, 1].
 */
public final class FakeCatalog implements FeatureCatalog {
    private final int n;
    private final String identity;

    public FakeCatalog(int n, String identity) {
        this.n = n;
        this.identity = identity;
    }

    @Override
    public String name() {
        return "fake index";
    }

    @Override
    public boolean hasStatistics() {
        return true;
    }

    @Override
    public String saeIdentity() {
        return identity;
    }

    @Override
    public int featureCount() {
        return n;
    }

    public static double density(int f) {
        return Math.pow(10, -(1 + f % 5));
    }

    private static FeatureSummary summary(int f) {
        return new FeatureSummary(f, density(f), f + 1, "concept A of " + f, List.of("tok" + f));
    }

    @Override
    public List<FeatureSummary> summaries() {
        List<FeatureSummary> out = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            out.add(summary(f));
        }
        return out;
    }

    @Override
    public Optional<FeatureDetail> detail(int f) {
        if (f < 0 || f >= n) {
            return Optional.empty();
        }
        TokenStrip ex = new TokenStrip(List.of("The", " cat", " sat"), new float[] {0f, f + 1f, 0.5f});
        return Optional.of(new FeatureDetail(summary(f), List.of(ex),
                List.of(new FeatureDetail.QuantileGroup("top band", List.of(ex))),
                new FeatureDetail.Histogram(new double[] {0, (f + 1) / 2.0, f + 1}, new long[] {7, 3}),
                List.of(new FeatureDetail.TokenScore(" up", 1.5)), List.of(new FeatureDetail.TokenScore(" down", -1.2)),
                List.of(new FeatureDetail.Neighbour((f + 1) % n, 0.8)),
                List.of(new FeatureDetail.ConceptMatch("concept A of " + f, 0.9, 0.4, 0.55),
                        new FeatureDetail.ConceptMatch("concept B of " + f, 0.6, 0.3, 0.4))));
    }

    @Override
    public double quantile(int f, float activation) {
        return Math.max(0, Math.min(1, activation / (f + 1.0)));
    }
}
