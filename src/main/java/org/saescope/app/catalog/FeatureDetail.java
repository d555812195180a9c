package org.saescope.app.catalog;

import java.util.List;

/**
 * Everything a feature's dashboard shows. Lists are empty (and the histogram null) when the
 * source knows nothing about them, e.g. an SAE opened without its index.
 *
 * @param quantileGroups activation bands from high to low, each with a few sampled examples
 * @param histogram      counts of the feature's non-zero activations per bin, or null
 * @param logitsPos      the tokens the decoder direction promotes most, with W_U·W_dec[f]
 * @param logitsNeg      the tokens it suppresses most
 * @param neighbours     the features whose decoder directions are closest (cosine)
 * @param concepts       concept suggestions, best first
 */
public record FeatureDetail(FeatureSummary summary, List<TokenStrip> topExamples, List<QuantileGroup> quantileGroups,
                            Histogram histogram, List<TokenScore> logitsPos, List<TokenScore> logitsNeg,
                            List<Neighbour> neighbours, List<ConceptMatch> concepts) {
    public FeatureDetail {
        topExamples = List.copyOf(topExamples);
        quantileGroups = List.copyOf(quantileGroups);
        logitsPos = List.copyOf(logitsPos);
        logitsNeg = List.copyOf(logitsNeg);
        neighbours = List.copyOf(neighbours);
        concepts = List.copyOf(concepts);
    }

    public int id() {
        return summary.id();
    }

    /** One activation band, e.g. "0.4–0.6 of max", and examples sampled from it. */
    public record QuantileGroup(String name, List<TokenStrip> examples) {
        public QuantileGroup {
            examples = List.copyOf(examples);
        }
    }

    /** A token and a score (a logit effect). */
    public record TokenScore(String token, double score) {
    }

    /** A nearby feature by decoder cosine. */
    public record Neighbour(int id, double cosine) {
    }

    /** A concept suggestion: "fires on past-tense verbs" with how well firing matches the tag. */
    public record ConceptMatch(String concept, double precision, double recall, double f1) {
        /**
         * The concept's readable name ("past-tense verb (vbd)" for {@code pos:vbd}): the label
         * adopting it writes, and what the suggestion lists show.
         */
        public String asLabel() {
            return ConceptNames.readable(concept);
        }
    }

    /**
     * Activation histogram: {@code counts[i]} non-zero activations fell in
     * [{@code edges[i]}, {@code edges[i + 1]}).
     */
    public record Histogram(double[] edges, long[] counts) {
        public Histogram {
            if (edges.length != counts.length + 1) {
                throw new IllegalArgumentException("need one more edge than counts");
            }
            edges = edges.clone();
            counts = counts.clone();
        }

        public long total() {
            long s = 0;
            for (long c : counts) {
                s += c;
            }
            return s;
        }
    }
}
