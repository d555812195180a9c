package org.saescope.app.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import org.saescope.sae.Sae;

/**
 * The catalog of an SAE opened without an index: every feature is listed, statistics are unknown
 * (NaN), and a dashboard shows what the weights alone tell: the nearest features by decoder
 * cosine. Opening an index replaces it.
 */
public final class SaeOnlyCatalog implements FeatureCatalog {
    private static final int NEIGHBOURS = 10;

    private final Sae sae;
    private final String name;
    private double[] norms;

    public SaeOnlyCatalog(Sae sae, String name) {
        this.sae = sae;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasStatistics() {
        return false;
    }

    @Override
    public String saeIdentity() {
        return null;
    }

    @Override
    public int featureCount() {
        return sae.config().dSae();
    }

    @Override
    public List<FeatureSummary> summaries() {
        List<FeatureSummary> out = new ArrayList<>(featureCount());
        for (int f = 0; f < featureCount(); f++) {
            out.add(new FeatureSummary(f, Double.NaN, Double.NaN, "", List.of()));
        }
        return out;
    }

    @Override
    public Optional<FeatureDetail> detail(int feature) {
        if (feature < 0 || feature >= featureCount()) {
            return Optional.empty();
        }
        return Optional.of(new FeatureDetail(new FeatureSummary(feature, Double.NaN, Double.NaN, "", List.of()),
                List.of(), List.of(), null, List.of(), List.of(), neighbours(feature), List.of()));
    }

    /** The {@value #NEIGHBOURS} features with the largest decoder cosine to {@code feature}. */
    List<FeatureDetail.Neighbour> neighbours(int feature) {
        if (norms == null) {
            norms = sae.decoderNorms();
        }
        int d = sae.config().dIn();
        float[] w = sae.wDec();
        PriorityQueue<FeatureDetail.Neighbour> best = new PriorityQueue<>(
                (a, b) -> Double.compare(a.cosine(), b.cosine()));
        int fo = feature * d;
        for (int g = 0; g < featureCount(); g++) {
            if (g == feature || norms[g] == 0 || norms[feature] == 0) {
                continue;
            }
            double dot = 0;
            for (int i = 0, go = g * d; i < d; i++) {
                dot += (double) w[fo + i] * w[go + i];
            }
            best.add(new FeatureDetail.Neighbour(g, dot / (norms[feature] * norms[g])));
            if (best.size() > NEIGHBOURS) {
                best.poll();
            }
        }
        List<FeatureDetail.Neighbour> out = new ArrayList<>(best);
        out.sort((a, b) -> Double.compare(b.cosine(), a.cosine()));
        return out;
    }

    @Override
    public double quantile(int feature, float activation) {
        return Double.NaN;
    }
}
