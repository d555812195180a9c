package org.saescope.app.catalog;

import java.util.List;

/** What an analyst wrote about a feature. An empty label means "not labelled yet". */
public record FeatureLabel(int feature, String label, List<String> tags, String notes) {
    public FeatureLabel {
        label = label == null ? "" : label;
        tags = List.copyOf(tags);
        notes = notes == null ? "" : notes;
    }

    public static FeatureLabel empty(int feature) {
        return new FeatureLabel(feature, "", List.of(), "");
    }

    public boolean isLabelled() {
        return !label.isBlank();
    }

    public FeatureLabel withLabel(String newLabel) {
        return new FeatureLabel(feature, newLabel, tags, notes);
    }

    /** Tags from a comma-separated field, trimmed, blanks dropped. */
    public static List<String> parseTags(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
