package org.saescope.app.catalog;

/**
 * One row of the feature browser, as an index knows it (labels come from the {@link LabelBook}).
 *
 * @param density     fraction of tokens the feature fires on, NaN when no index is loaded
 * @param maxAct      its largest activation on the index corpus, NaN when unknown
 * @param bestConcept the best concept suggestion ("past-tense verbs (F1 0.62)"), or "" when none
 * @param topTokens   the tokens it fires most on, for search by token; may be empty
 */
public record FeatureSummary(int id, double density, double maxAct, String bestConcept, java.util.List<String> topTokens) {
    public FeatureSummary {
        bestConcept = bestConcept == null ? "" : bestConcept;
        topTokens = java.util.List.copyOf(topTokens);
    }
}
