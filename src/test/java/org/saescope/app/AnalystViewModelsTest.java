package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saescope.app.browser.FeatureBrowserViewModel;
import org.saescope.app.browser.FeatureDashboardViewModel;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.catalog.FeatureLabel;
import org.saescope.app.model.AppError;
import org.saescope.app.model.AppModel;
import org.saescope.app.steer.SteerMethod;
import org.saescope.app.steer.SteeringViewModel;
import org.saescope.app.task.SynchronousRunner;
import org.saescope.app.triage.TriageViewModel;
import org.saescope.features.LabelStore;
import org.saescope.lm.LmFixtures;

/** Browser, dashboard, triage and steering view models, driven without a stage. */
class AnalystViewModelsTest {
    private Path root;
    private AppModel app;
    private final List<AppError> errors = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        root = AppFixtures.demoRoot(Files.createTempDirectory("saescope-vm"));
        app = AppFixtures.appModel(root, new SynchronousRunner(), file -> new FakeCatalog(48, app.workspace().sae().identity()));
        app.setErrorHandler(errors::add);
        app.openDemo();
        app.openIndex(root.resolve("fake.sqlite"));
        assertThat(app.workspace().catalog().hasStatistics()).isTrue();
    }

    @AfterEach
    void tearDown() {
        app.shutdown();
        AppFixtures.deleteTree(root);
        assertThat(errors).isEmpty();
    }

    /** What the SQLite label store holds, read through a connection of its own (not the app's). */
    private FeatureLabel onDisk(int f) {
        try (LabelStore store = LabelStore.open(AppFixtures.dirs(root).labelStore())) {
            return store.get(app.workspace().sae().identity(), f)
                    .map(l -> new FeatureLabel(f, l.label(), l.tags(), l.notes())).orElse(FeatureLabel.empty(f));
        }
    }

    @Test
    void browserSearchesByIdLabelTagAndTokenAndFiltersByDensity() {
        FeatureBrowserViewModel vm = new FeatureBrowserViewModel(app);
        assertThat(vm.rows()).hasSize(48);
        app.saveLabel(new FeatureLabel(7, "Past tense verbs", List.of("grammar"), ""));
        vm.searchProperty().set("past TENSE");
        assertThat(vm.shownIds()).containsExactly(7);
        vm.searchProperty().set("grammar");
        assertThat(vm.shownIds()).containsExactly(7);
        vm.searchProperty().set("#12");
        assertThat(vm.shownIds()).containsExactly(12);
        vm.searchProperty().set("tok30");
        assertThat(vm.shownIds()).containsExactly(30);
        vm.searchProperty().set("");
        // density 10^-(1 + f % 5): keep [-2.5, -1.5] → only f % 5 == 1
        vm.densityLowProperty().set(-2.5);
        vm.densityHighProperty().set(-1.5);
        assertThat(vm.shownIds()).isNotEmpty().allMatch(f -> f % 5 == 1);
        assertThat(vm.shownProperty().get()).isEqualTo(10);
    }

    @Test
    void dashboardSavesAsYouTypeAndAdoptsASuggestion() {
        FeatureDashboardViewModel vm = new FeatureDashboardViewModel(app);
        vm.show(3);
        assertThat(vm.detailProperty().get().concepts()).hasSize(2);
        assertThat(vm.histogramTitleProperty().get()).contains("density 0.0100%").contains("1 token in 10,000"); // 10^-4
        vm.labelProperty().set("cat things");
        vm.tagsProperty().set("animal,  noun ,");
        vm.notesProperty().set("mostly ' cat'");
        assertThat(onDisk(3)).isEqualTo(new FeatureLabel(3, "cat things", List.of("animal", "noun"), "mostly ' cat'"));
        vm.adopt(vm.detailProperty().get().concepts().get(1));
        assertThat(onDisk(3).label()).isEqualTo("concept B of 3");
        assertThat(app.label(3).label()).isEqualTo("concept B of 3");
        vm.show(4);
        assertThat(vm.labelProperty().get()).isEmpty();
        vm.show(3);
        assertThat(vm.labelProperty().get()).isEqualTo("concept B of 3");
    }

    @Test
    void adoptingAnIndexConceptWritesItsReadableNameNotTheKey() {
        FeatureDashboardViewModel vm = new FeatureDashboardViewModel(app);
        vm.show(5);
        vm.adopt(new FeatureDetail.ConceptMatch("pos:vbd", 0.7, 0.2, 0.31));
        assertThat(onDisk(5).label()).isEqualTo("past-tense verb (vbd)");
        vm.adopt(new FeatureDetail.ConceptMatch("genre:science_fiction", 0.1, 0.6, 0.17));
        assertThat(onDisk(5).label()).isEqualTo("genre: science fiction");
        assertThat(vm.labelProperty().get()).isEqualTo("genre: science fiction");
    }

    @Test
    void triageByKeyboardLabelsThreeFeaturesAndCounts() {
        app.saveLabel(new FeatureLabel(0, "already done", List.of(), ""));
        TriageViewModel vm = new TriageViewModel(app);
        vm.startUnlabelled();
        assertThat(vm.sizeProperty().get()).isEqualTo(47);
        assertThat(vm.featureProperty().get()).isEqualTo(1);
        assertThat(vm.pick(2)).isTrue();                 // digit 2
        vm.commit();                                     // Enter
        vm.labelTextProperty().set("typed by hand");
        vm.commit();
        vm.next();                                       // skip feature 3
        vm.previous();
        vm.next();
        assertThat(vm.featureProperty().get()).isEqualTo(4);
        assertThat(vm.pick(9)).isFalse();                // no ninth suggestion
        vm.pick(1);
        vm.commit();
        assertThat(vm.doneProperty().get()).isEqualTo(3);
        assertThat(vm.remainingProperty().get()).isEqualTo(44);
        assertThat(vm.featureProperty().get()).isEqualTo(5);
        assertThat(onDisk(1).label()).isEqualTo("concept B of 1");
        assertThat(onDisk(2).label()).isEqualTo("typed by hand");
        assertThat(onDisk(3).isLabelled()).isFalse();
        assertThat(onDisk(4).label()).isEqualTo("concept A of 4");
    }

    @Test
    void steeringGivesThePlainAndTheSteeredContinuationAsTorchDoes() {
        JsonNode steer = AppFixtures.reference().get("steer");
        SteeringViewModel vm = new SteeringViewModel(app);
        vm.promptProperty().set(LmFixtures.PROMPT);
        vm.temperatureProperty().set(0);                 // greedy: comparable with the torch reference
        vm.maxTokensProperty().set(steer.get("steps").asInt());
        int f = steer.get("feature").asInt();

        vm.addFeature(f, steer.get("add").get("strength").asDouble());
        vm.methodProperty().set(SteerMethod.ADD);
        vm.generate();
        assertThat(vm.plainTokens()).containsExactly(ints(steer.get("plain")));
        assertThat(vm.steeredTokens()).containsExactly(ints(steer.get("add").get("tokens")));
        assertThat(vm.plainProperty().get()).isNotEqualTo(vm.steeredProperty().get()).isNotEmpty();

        vm.addFeature(f, steer.get("clamp").get("value").asDouble());
        vm.methodProperty().set(SteerMethod.CLAMP);
        vm.generate();
        assertThat(vm.steeredTokens()).containsExactly(ints(steer.get("clamp").get("tokens")));
        assertThat(vm.statusProperty().get()).isEqualTo("Done.");
    }

    @Test
    void samplingWithTheSameSeedIsRepeatable() {
        SteeringViewModel vm = new SteeringViewModel(app);
        vm.promptProperty().set(LmFixtures.PROMPT);
        vm.temperatureProperty().set(1.0);
        vm.seedProperty().set(7);
        vm.generate();
        // no feature chosen: the "steered" run is a plain run with the same seed
        assertThat(vm.steeredTokens()).containsExactly(vm.plainTokens());
        int[] first = vm.plainTokens();
        vm.generate();
        assertThat(vm.plainTokens()).containsExactly(first);
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asInt();
        }
        return out;
    }
}
