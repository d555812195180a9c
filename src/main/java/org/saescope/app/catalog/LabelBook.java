package org.saescope.app.catalog;

import java.util.Map;

/**
 * Labels, tags and notes for the features of one SAE. Every {@link #put} is durable when it
 * returns. Called from the IO lane only.
 */
public interface LabelBook extends AutoCloseable {
    FeatureLabel get(int feature);

    void put(FeatureLabel label);

    /** Every labelled feature (empty labels with no tags or notes are not listed). */
    Map<Integer, FeatureLabel> all();

    @Override
    default void close() {
    }
}
