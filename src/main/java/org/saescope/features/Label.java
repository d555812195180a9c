package org.saescope.features;

import java.time.Instant;
import java.util.List;

/**
 * An analyst's label for one feature of one SAE (identified by the sha256 of its weights file).
 * A history entry is the same record as it was written at {@code time}.
 *
 * @param tags   short free-form tags, in the order given
 * @param author who wrote it (free text), or "" when unknown
 */
public record Label(String saeSha256, int feature, String label, List<String> tags, String notes, String author, Instant time) {
    public Label {
        tags = List.copyOf(tags);
        label = label == null ? "" : label;
        notes = notes == null ? "" : notes;
        author = author == null ? "" : author;
    }
}
