package org.saescope.app.catalog;

import java.util.List;
import java.util.Map;
import org.saescope.features.Label;

/**
 * Labels, tags and notes for the features of one SAE. Every {@link #put} is durable when it
 * returns. Called from the IO lane only.
 */
public interface LabelBook extends AutoCloseable {
    FeatureLabel get(int feature);

    void put(FeatureLabel label);

    /** Every labelled feature (empty labels with no tags or notes are not listed). */
    Map<Integer, FeatureLabel> all();

    /** The same labelled features as records of the label store (with author and time), for export. */
    List<Label> records();

    @Override
    default void close() {
    }
}
