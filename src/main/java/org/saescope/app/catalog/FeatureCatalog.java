package org.saescope.app.catalog;

import java.util.List;
import java.util.Optional;

/**
 * What the app asks of a feature index, kept small so that wiring the SQLite index of
 * {@code org.saescope.features} is one adapter. Implementations are used from the model lane
 * (never the FX thread) and may be slow.
 */
public interface FeatureCatalog extends AutoCloseable {
    /** A short name for the title and status bar ("brown-gpt2 L4 index", "SAE only"). */
    String name();

    /** Whether statistics (density, examples, histograms, quantiles) are available. */
    boolean hasStatistics();

    /**
     * The identity of the SAE the index was built from (sha256 of its weights file), or null when
     * this catalog was derived from the open SAE itself. Used to refuse an index of another SAE.
     */
    String saeIdentity();

    int featureCount();

    /** Every feature's browser row, in id order. */
    List<FeatureSummary> summaries();

    Optional<FeatureDetail> detail(int feature);

    /**
     * Where {@code activation} lies in the feature's own distribution of non-zero activations, in
     * [0, 1]; NaN when unknown.
     */
    double quantile(int feature, float activation);

    /**
     * {@link #quantile} of each ({@code features[i]}, {@code activations[i]}) pair. A prompt asks
     * for thousands at once; an index answers them from one read of the features involved.
     */
    default double[] quantiles(int[] features, float[] activations) {
        double[] out = new double[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = quantile(features[i], activations[i]);
        }
        return out;
    }

    @Override
    default void close() {
    }
}
