package org.saescope.app.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.saescope.features.FeatureIndex;
import org.saescope.tensor.BadInputException;

/**
 * The app's view of a feature index built by {@code saescope index}
 * ({@link org.saescope.features.FeatureIndex}): browser rows from the feature table with each
 * feature's best concept and the tokens it tops, dashboards from the index's details, and quantiles
 * from the stored histograms. Called from the model lane only; synchronized all the same, because
 * the one SQLite connection underneath must never be used by two threads at once.
 */
public final class IndexCatalog implements FeatureCatalog {
    private final FeatureIndex index;
    private final String name;
    private final Map<Integer, long[]> histograms = new HashMap<>();
    /** Each feature's max activation as read with its histogram, until {@link #summaries} has them all. */
    private final Map<Integer, Double> storedMax = new HashMap<>();
    private double[] maxActs;
    private Map<Integer, List<String>> topTokens;

    private IndexCatalog(FeatureIndex index) {
        this.index = index;
        this.name = nameOf(index);
    }

    /** Opens {@code file} read-only; a file that is not a complete index is a BadInputException saying why. */
    public static IndexCatalog open(Path file) {
        return new IndexCatalog(FeatureIndex.open(file));
    }

    /** "gpt2-tiny blocks.0.hook_resid_post index": the model's folder name and the hook the index read. */
    private static String nameOf(FeatureIndex index) {
        Map<String, String> meta = index.meta();
        String model = meta.getOrDefault("model", "");
        String base = model.replaceAll("[/\\\\]+$", "");
        base = base.substring(Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\')) + 1);
        String hook = meta.getOrDefault("sae_hook", "");
        return (base + " " + hook).strip() + " index";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasStatistics() {
        return true;
    }

    @Override
    public String saeIdentity() {
        return index.saeSha256();
    }

    @Override
    public int featureCount() {
        return index.dSae();
    }

    /** The indexed file (for the status bar and the recent list). */
    public Path file() {
        return index.file();
    }

    @Override
    public synchronized List<FeatureSummary> summaries() {
        int n = featureCount();
        List<FeatureIndex.Summary> rows = index.list(0, 1, FeatureIndex.Stat.ID, false, n, 0);
        Map<Integer, FeatureIndex.ConceptMatch> concepts = index.bestConcepts();
        Map<Integer, List<String>> tokens = topTokens();
        maxActs = new double[n];
        List<FeatureSummary> out = new ArrayList<>(rows.size());
        for (FeatureIndex.Summary s : rows) {
            maxActs[s.id()] = s.maxAct();
            out.add(summary(s, concepts.get(s.id()), tokens.getOrDefault(s.id(), List.of())));
        }
        return out;
    }

    private static FeatureSummary summary(FeatureIndex.Summary s, FeatureIndex.ConceptMatch best, List<String> tokens) {
        return new FeatureSummary(s.id(), s.density(), s.maxAct(), best == null ? "" : conceptText(best), tokens);
    }

    /** Read once (one scan of the token table) and kept: a search by token needs every feature's. */
    private Map<Integer, List<String>> topTokens() {
        if (topTokens == null) {
            topTokens = index.tokensByFeature();
        }
        return topTokens;
    }

    /** "pos:vbd (F1 0.62)": the browser's best-concept column. */
    static String conceptText(FeatureIndex.ConceptMatch c) {
        return String.format(Locale.ROOT, "%s (F1 %.2f)", c.concept(), c.f1());
    }

    @Override
    public synchronized Optional<FeatureDetail> detail(int feature) {
        if (feature < 0 || feature >= featureCount()) {
            return Optional.empty();
        }
        FeatureIndex.Details d = index.details(feature);
        FeatureIndex.Summary s = d.summary();
        FeatureIndex.ConceptMatch best = d.concepts().isEmpty() ? null : d.concepts().get(0);
        List<String> tokens = topTokens().getOrDefault(feature, List.of());
        histograms.put(feature, d.histogram());
        List<FeatureDetail.QuantileGroup> groups = new ArrayList<>();
        int bands = d.quantileGroups().size();
        for (int i = bands - 1; i >= 0; i--) { // high to low, as the dashboard lists them
            FeatureIndex.QuantileGroup g = d.quantileGroups().get(i);
            groups.add(new FeatureDetail.QuantileGroup(bandName(g, s.maxAct()), strips(feature, g.examples())));
        }
        return Optional.of(new FeatureDetail(summary(s, best, tokens), strips(feature, d.topExamples()), groups,
                new FeatureDetail.Histogram(FeatureIndex.histogramEdges(s.maxAct(), d.histogram().length), d.histogram()),
                scores(d.logitsPos()), scores(d.logitsNeg()),
                d.neighbours().stream().map(n -> new FeatureDetail.Neighbour(n.id(), n.cosine())).toList(),
                d.concepts().stream().map(c -> new FeatureDetail.ConceptMatch(c.concept(), c.precision(), c.recall(), c.f1()))
                        .toList()));
    }

    /** "0.80–1.00 of max (2.31–2.89, 123 activations)". */
    static String bandName(FeatureIndex.QuantileGroup g, double maxAct) {
        double lo = maxAct > 0 ? g.lo() / maxAct : 0;
        double hi = maxAct > 0 ? g.hi() / maxAct : 0;
        return String.format(Locale.ROOT, "%.2f–%.2f of max (%.3g–%.3g, %,d activation%s)", lo, hi, g.lo(), g.hi(), g.count(),
                g.count() == 1 ? "" : "s");
    }

    /**
     * Each example as a strip whose focus is the position the index chose it for (the column
     * {@code example.pos}): several examples from one window differ only there.
     */
    private List<TokenStrip> strips(int feature, List<FeatureIndex.Example> examples) {
        List<TokenStrip> out = new ArrayList<>(examples.size());
        for (FeatureIndex.Example e : examples) {
            if (e.pos() < 0 || e.pos() >= e.tokens().size()) {
                throw new BadInputException(index.file(), "an example of feature " + feature + " is chosen for position " + e.pos()
                        + ", outside its window " + e.window() + " of " + e.tokens().size() + " tokens");
            }
            out.add(new TokenStrip(e.tokens(), e.acts(), e.pos()));
        }
        return out;
    }

    private static List<FeatureDetail.TokenScore> scores(List<FeatureIndex.TokenValue> values) {
        return values.stream().map(v -> new FeatureDetail.TokenScore(v.text() == null ? "<" + v.token() + ">" : v.text(), v.value()))
                .toList();
    }

    @Override
    public synchronized double quantile(int feature, float activation) {
        if (feature < 0 || feature >= featureCount()) {
            return Double.NaN;
        }
        long[] counts = histograms.computeIfAbsent(feature, index::histogram);
        double max = maxActs != null ? maxActs[feature] : storedMax.computeIfAbsent(feature, f -> index.summary(f).maxAct());
        return HistogramQuantile.of(counts, max, activation);
    }

    @Override
    public synchronized double[] quantiles(int[] features, float[] activations) {
        // the features not cached yet, read in one go
        int[] missing = java.util.Arrays.stream(features).filter(f -> f >= 0 && f < featureCount() && !histograms.containsKey(f))
                .distinct().toArray();
        if (missing.length > 0) {
            for (Map.Entry<Integer, FeatureIndex.StoredHistogram> e : index.histograms(missing).entrySet()) {
                histograms.put(e.getKey(), e.getValue().counts());
                storedMax.put(e.getKey(), e.getValue().maxAct());
            }
        }
        double[] out = new double[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = quantile(features[i], activations[i]);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        index.close();
    }
}
