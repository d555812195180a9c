package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saescope.app.browser.FeatureBrowserViewModel;
import org.saescope.app.browser.FeatureDashboardViewModel;
import org.saescope.app.browser.FeatureRow;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.catalog.FeatureLabel;
import org.saescope.app.catalog.IndexCatalog;
import org.saescope.app.catalog.TokenStrip;
import org.saescope.app.model.AppError;
import org.saescope.app.model.AppModel;
import org.saescope.app.session.IndexOpener;
import org.saescope.app.task.SynchronousRunner;
import org.saescope.features.GoldenSaeFolder;
import org.saescope.features.Label;
import org.saescope.features.LabelExchange;
import org.saescope.features.LabelStore;
import org.saescope.lm.LmFixtures;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.SafetensorsFile;

/**
 * The app on a real feature index (built by FeatureIndexBuilder over the prompt, see
 * {@link IndexedDemo}) and the real SQLite label store, driven through the view models. Every
 * expected number comes from the PyTorch activations in prompt_reference.json (or the SAE's
 * weights), binned by the definitions of docs/formats/feature-index.md, not from the index code.
 */
class IndexedAppTest {
    private static final double TOL = 1e-4;

    private Path root;
    private Path indexFile;
    private final List<AppError> errors = new ArrayList<>();
    private final List<AppModel> opened = new ArrayList<>();
    /** acts[t][f] of the prompt, from torch. */
    private double[][] acts;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("saescope-indexed");
        indexFile = IndexedDemo.build(root);
        JsonNode a = AppFixtures.reference().get("acts");
        acts = new double[a.size()][];
        for (int t = 0; t < a.size(); t++) {
            acts[t] = new double[a.get(t).size()];
            for (int f = 0; f < acts[t].length; f++) {
                acts[t][f] = a.get(t).get(f).asDouble();
            }
        }
    }

    @AfterEach
    void tearDown() {
        opened.forEach(AppModel::shutdown);
        AppFixtures.deleteTree(root);
        assertThat(errors).isEmpty();
    }

    private AppModel start() {
        AppModel app = AppFixtures.appModel(root, new SynchronousRunner(), IndexOpener.SQLITE);
        app.setErrorHandler(errors::add);
        opened.add(app);
        app.openDemo();
        return app;
    }

    private double[] column(int f) {
        return IntStream.range(0, acts.length).mapToDouble(t -> acts[t][f]).toArray();
    }

    private static double max(double[] v) {
        return IntStream.range(0, v.length).mapToDouble(i -> v[i]).max().orElse(0);
    }

    private static long firing(double[] v) {
        return IntStream.range(0, v.length).filter(i -> v[i] > 0).count();
    }

    /** Bin of a by the index's rule: min(B - 1, floor(a / max · B)). */
    private static int bin(double a, double max, int bins) {
        return Math.min(bins - 1, (int) Math.floor(a / max * bins));
    }

    private static void assertStripIsThePrompt(TokenStrip s, double[] expected) {
        assertThat(String.join("", s.tokens())).isEqualTo(LmFixtures.PROMPT);
        assertThat(s.activations()).hasSize(expected.length);
        for (int t = 0; t < expected.length; t++) {
            assertThat((double) s.activations()[t]).as("token %d", t).isCloseTo(expected[t], within(TOL));
        }
    }

    @Test
    void theDemoOpensWithItsIndexAndTheDashboardShowsItsRealExamples() {
        AppModel app = start();
        FeatureCatalog catalog = app.workspace().catalog();
        assertThat(catalog).isInstanceOf(IndexCatalog.class);
        assertThat(catalog.hasStatistics()).isTrue();
        assertThat(catalog.saeIdentity()).isEqualTo(app.workspace().sae().identity());
        assertThat(catalog.name()).isEqualTo("brown-gpt2 " + GoldenSaeFolder.HOOK + " index");

        int f = AppFixtures.reference().get("steer").get("feature").asInt();
        double[] col = column(f);
        double mx = max(col);
        long n = firing(col);
        assertThat(n).as("the chosen feature fires on several tokens").isGreaterThan(3);

        FeatureDashboardViewModel vm = new FeatureDashboardViewModel(app);
        vm.show(f);
        FeatureDetail d = vm.detailProperty().get();
        assertThat(d.summary().density()).isCloseTo(n / (double) col.length, within(1e-12));
        assertThat(d.summary().maxAct()).isCloseTo(mx, within(TOL));
        assertThat(vm.histogramTitleProperty().get()).contains(String.format(java.util.Locale.ROOT, "density %.3g%%", 100.0 * n / col.length));

        // top examples: one per firing token (fewer than top_n), each the whole prompt with this feature's activations
        assertThat(d.topExamples()).hasSize((int) n);
        d.topExamples().forEach(s -> assertStripIsThePrompt(s, col));
        // ...told apart by their focal token: together every firing token once, strongest first
        List<Integer> firingTokens = IntStream.range(0, col.length).filter(t -> col[t] > 0).boxed().toList();
        assertThat(d.topExamples()).extracting(TokenStrip::focus).containsExactlyInAnyOrderElementsOf(firingTokens);
        for (int k = 0; k < d.topExamples().size(); k++) {
            TokenStrip s = d.topExamples().get(k);
            assertThat((double) s.focusActivation()).as("example %d", k).isCloseTo(col[s.focus()], within(TOL));
            if (k > 0) {
                assertThat(col[s.focus()]).as("example %d", k).isLessThanOrEqualTo(col[d.topExamples().get(k - 1).focus()] + TOL);
            }
        }
        assertThat(d.topExamples().get(0).focusActivation()).isCloseTo((float) mx, within((float) TOL));

        // histogram: the prompt's non-zero activations in equal bins over [0, max]
        int bins = IndexedDemo.SETTINGS.histogramBins();
        long[] expected = new long[bins];
        for (double a : col) {
            if (a > 0) {
                expected[bin(a, mx, bins)]++;
            }
        }
        assertThat(d.histogram().counts()).containsExactly(expected);
        assertThat(d.histogram().edges()[bins]).isCloseTo(mx, within(TOL));

        // quantile groups, high band first, each with min(per band, activations in the band) examples
        int bands = IndexedDemo.SETTINGS.quantileBands();
        long[] inBand = new long[bands];
        for (double a : col) {
            if (a > 0) {
                inBand[bin(a, mx, bands)]++;
            }
        }
        assertThat(d.quantileGroups()).hasSize(bands);
        for (int i = 0; i < bands; i++) {
            int band = bands - 1 - i;
            FeatureDetail.QuantileGroup g = d.quantileGroups().get(i);
            assertThat(g.name()).startsWith(String.format(java.util.Locale.ROOT, "%.2f–%.2f of max", band / (double) bands,
                    (band + 1) / (double) bands)).contains(inBand[band] + (inBand[band] == 1 ? " activation)" : " activations)"));
            assertThat(g.examples()).hasSize((int) Math.min(IndexedDemo.SETTINGS.perBand(), inBand[band]));
            g.examples().forEach(s -> assertStripIsThePrompt(s, col));
            // each sample is focused on a distinct token whose activation lies in the band
            assertThat(g.examples()).extracting(TokenStrip::focus).doesNotHaveDuplicates();
            for (TokenStrip s : g.examples()) {
                assertThat(col[s.focus()]).as("band %d, token %d", band, s.focus())
                        .isBetween(mx * band / bands - TOL, mx * (band + 1) / bands + TOL).isPositive();
            }
        }

        // neighbours: the 10 decoder rows with the highest cosine, computed here from the weights
        assertThat(d.neighbours()).hasSize(10);
        List<double[]> cos = decoderCosines(f);
        for (int i = 0; i < 10; i++) {
            assertThat(d.neighbours().get(i).id()).isEqualTo((int) cos.get(i)[0]);
            assertThat(d.neighbours().get(i).cosine()).isCloseTo(cos.get(i)[1], within(TOL));
        }
        assertThat(d.logitsPos()).hasSize(10);
        assertThat(d.logitsNeg()).hasSize(10);
        assertThat(d.logitsPos().get(0).score()).isGreaterThan(d.logitsNeg().get(0).score());

        // quantile of an activation: exact at the histogram's edges (the fraction of activations below)
        for (int k = 1; k < bins; k++) {
            double edge = mx * k / bins;
            long below = IntStream.range(0, col.length).filter(t -> col[t] > 0 && col[t] < edge).count();
            assertThat(catalog.quantile(f, (float) edge)).as("edge %d", k).isCloseTo(below / (double) n, within(1e-3));
        }
        assertThat(catalog.quantile(f, (float) mx)).isEqualTo(1.0);
        assertThat(catalog.quantile(f, 0f)).isEqualTo(0.0);
    }

    /** (id, cosine) of every other feature, highest cosine first, from the golden W_dec in double precision. */
    private static List<double[]> decoderCosines(int f) {
        try (SafetensorsFile g = LmFixtures.golden("gpt2-tiny")) {
            long[] shape = g.info("sae.W_dec").shape();
            int s = (int) shape[0];
            int d = (int) shape[1];
            float[] w = g.readF32("sae.W_dec");
            List<double[]> out = new ArrayList<>();
            for (int o = 0; o < s; o++) {
                if (o == f) {
                    continue;
                }
                double dot = 0;
                double nf = 0;
                double no = 0;
                for (int i = 0; i < d; i++) {
                    dot += (double) w[f * d + i] * w[o * d + i];
                    nf += (double) w[f * d + i] * w[f * d + i];
                    no += (double) w[o * d + i] * w[o * d + i];
                }
                out.add(new double[] {o, dot / Math.sqrt(nf * no)});
            }
            out.sort(Comparator.comparingDouble((double[] x) -> -x[1]));
            return out;
        }
    }

    @Test
    void aFreshCatalogAnswersAPromptsQuantilesInOneBatchAsTheHistogramsSay() {
        // every firing feature at each of its histogram's inner edges, plus its max and 0, in one
        // call on a catalog that has read nothing yet (no browser rows, no cached histograms)
        int bins = IndexedDemo.SETTINGS.histogramBins();
        List<Integer> features = new ArrayList<>();
        List<Float> activations = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (int f = 0; f < acts[0].length; f++) {
            double[] col = column(f);
            long n = firing(col);
            if (n == 0) {
                continue;
            }
            double mx = max(col);
            for (int k = 1; k < bins; k++) {
                double edge = mx * k / bins;
                features.add(f);
                activations.add((float) edge);
                expected.add(IntStream.range(0, col.length).filter(t -> col[t] > 0 && col[t] < edge).count() / (double) n);
            }
            features.add(f);
            activations.add((float) mx);
            expected.add(1.0);
            features.add(f);
            activations.add(0f);
            expected.add(0.0);
        }
        assertThat(features.stream().distinct().count()).as("several features fire on the prompt").isGreaterThan(5);
        int[] fs = features.stream().mapToInt(Integer::intValue).toArray();
        float[] as = new float[activations.size()];
        for (int i = 0; i < as.length; i++) {
            as[i] = activations.get(i);
        }
        try (IndexCatalog catalog = IndexCatalog.open(indexFile)) {
            double[] q = catalog.quantiles(fs, as);
            for (int i = 0; i < q.length; i++) {
                assertThat(q[i]).as("feature %d at %f", fs[i], as[i]).isCloseTo(expected.get(i), within(1e-3));
            }
        }
    }

    @Test
    void anExampleChosenForAPositionOutsideItsWindowIsBadInputNamingTheIndex() throws Exception {
        int f = AppFixtures.reference().get("steer").get("feature").asInt();
        Path file = indexFile;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE example SET pos = 999 WHERE feature = " + f + " AND band = -1 AND rank = 0")).isEqualTo(1);
        }
        try (IndexCatalog catalog = IndexCatalog.open(file)) {
            assertThat(catalog.detail(f == 0 ? 1 : 0)).isPresent(); // other features still open
            assertThatThrownBy(() -> catalog.detail(f)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining(file.getFileName().toString()).hasMessageContaining("feature " + f)
                    .hasMessageContaining("position 999");
        }
    }

    @Test
    void theBrowserListsEveryFeatureWithTheIndexsStatisticsAndFindsThemByToken() {
        AppModel app = start();
        FeatureBrowserViewModel vm = new FeatureBrowserViewModel(app);
        int features = acts[0].length;
        assertThat(vm.allRows()).hasSize(features);
        for (FeatureRow r : vm.allRows()) {
            double[] col = column(r.id());
            assertThat(r.summary().density()).as("density of %d", r.id()).isCloseTo(firing(col) / (double) col.length, within(1e-12));
            assertThat(r.summary().maxAct()).as("max of %d", r.id()).isCloseTo(max(col), within(TOL));
        }
        // " cat" is token 1 of the prompt: the features that fire there, the 20 strongest (each fires on it once)
        List<Integer> onCat = IntStream.range(0, features).filter(f -> acts[1][f] > 0).boxed()
                .sorted(Comparator.comparingDouble((Integer f) -> -acts[1][f]).thenComparing(f -> f)).limit(20).sorted().toList();
        vm.searchProperty().set("cat");
        assertThat(vm.shownIds()).containsExactlyElementsOf(onCat);
        vm.searchProperty().set("");
        // never-firing features have density 0: a range above -1 (log10) keeps only those that fire on > 10%
        vm.densityLowProperty().set(-0.99);
        assertThat(vm.shownIds()).containsExactlyElementsOf(IntStream.range(0, features)
                .filter(f -> firing(column(f)) >= 2).boxed().toList());
    }

    @Test
    void aLabelTypedInTheDashboardIsInTheSqliteStoreAndBackAfterARestart() throws Exception {
        AppModel app = start();
        String sae = app.workspace().sae().identity();
        FeatureDashboardViewModel vm = new FeatureDashboardViewModel(app);
        vm.show(11);
        vm.labelProperty().set("animals after 'the'");
        vm.tagsProperty().set("noun, animal");
        vm.show(12);
        vm.labelProperty().set("to be cleared");
        vm.labelProperty().set("");
        app.shutdown();
        opened.remove(app);

        Path store = AppFixtures.dirs(root).labelStore();
        try (LabelStore s = LabelStore.open(store)) {
            Label l = s.get(sae, 11).orElseThrow();
            assertThat(l.label()).isEqualTo("animals after 'the'");
            assertThat(l.tags()).containsExactly("noun", "animal");
            assertThat(l.author()).isEqualTo(System.getProperty("user.name"));
            assertThat(s.history(sae, 11)).extracting(Label::label).last().isEqualTo("animals after 'the'");
            assertThat(s.history(sae, 12)).extracting(Label::label).contains("to be cleared").last().isEqualTo("");
        }

        AppModel again = start();
        assertThat(again.label(11)).isEqualTo(new FeatureLabel(11, "animals after 'the'", List.of("noun", "animal"), ""));
        assertThat(again.labels()).containsOnlyKeys(11); // a cleared label is not a label

        // export as Neuronpedia explanation records, read back by the label store's importer
        Path json = root.resolve("labels.json");
        Path csv = root.resolve("labels.csv");
        int[] exported = new int[2];
        again.exportLabels(json, LabelExchange.Format.JSON, k -> exported[0] = k);
        again.exportLabels(csv, LabelExchange.Format.CSV, k -> exported[1] = k);
        assertThat(exported).containsExactly(1, 1);
        JsonNode rec = new ObjectMapper().readTree(json.toFile()).get(0);
        assertThat(rec.get("modelId").asText()).isEqualTo("gpt2-tiny");
        assertThat(rec.get("layer").asText()).isEqualTo(GoldenSaeFolder.HOOK);
        assertThat(rec.get("index").asText()).isEqualTo("11");
        assertThat(rec.get("description").asText()).isEqualTo("animals after 'the'");
        for (Path p : List.of(json, csv)) {
            LabelExchange.Format fmt = p == json ? LabelExchange.Format.JSON : LabelExchange.Format.CSV;
            assertThat(LabelExchange.read(p, fmt, sae)).singleElement().satisfies(l -> {
                assertThat(l.feature()).isEqualTo(11);
                assertThat(l.label()).isEqualTo("animals after 'the'");
                assertThat(l.tags()).containsExactly("noun", "animal");
            });
        }
    }
}
