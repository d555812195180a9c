package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saescope.app.model.AppError;
import org.saescope.app.model.AppModel;
import org.saescope.app.prompt.FeatureRank;
import org.saescope.app.prompt.PromptViewModel;
import org.saescope.app.prompt.RankMode;
import org.saescope.app.task.SynchronousRunner;
import org.saescope.lm.LmFixtures;

/** The prompt screen's view model on the tiny GPT-2 + ReLU SAE, checked against app_reference.py (torch). */
class PromptViewModelTest {
    private static final double TOL = 2e-4;
    private static Path root;
    private static AppModel app;
    private static final List<AppError> errors = new ArrayList<>();
    private static final JsonNode REF = AppFixtures.reference();

    @BeforeAll
    static void open() throws Exception {
        root = AppFixtures.demoRoot(Files.createTempDirectory("saescope-prompt"));
        app = AppFixtures.appModel(root, new SynchronousRunner());
        app.setErrorHandler(errors::add);
        app.openDemo();
        assertThat(app.workspace().isReady()).isTrue();
    }

    @AfterAll
    static void close() {
        app.shutdown();
        AppFixtures.deleteTree(root);
    }

    private static PromptViewModel typed(String text) {
        PromptViewModel vm = new PromptViewModel(app);
        vm.textProperty().set(text);
        return vm;
    }

    private static float ref(int t, int f) {
        return (float) REF.get("acts").get(t).get(f).asDouble();
    }

    @Test
    void heatmapShowsTheChosenFeaturesActivationOnEveryToken() {
        PromptViewModel vm = typed(LmFixtures.PROMPT);
        assertThat(vm.analysisProperty().get().ids()).containsExactly(ints(REF.get("tokens")));
        int f = REF.get("steer").get("feature").asInt();
        vm.featureProperty().set(f);
        float[] shown = vm.tokenValuesProperty().get();
        for (int t = 0; t < shown.length; t++) {
            assertThat(shown[t]).as("token %d", t).isCloseTo(ref(t, f), within((float) TOL));
        }
        float max = 0;
        for (int t = 0; t < shown.length; t++) {
            max = Math.max(max, ref(t, f));
        }
        assertThat(vm.scaleMaxProperty().get()).isCloseTo(max, within(TOL));
        assertThat(vm.legendProperty().get()).startsWith("feature " + f);
    }

    @Test
    void withoutAFeatureEachTokenShowsItsStrongestFeature() {
        PromptViewModel vm = typed(LmFixtures.PROMPT);
        float[] shown = vm.tokenValuesProperty().get();
        for (int t = 0; t < shown.length; t++) {
            float best = 0;
            for (JsonNode v : REF.get("acts").get(t)) {
                best = Math.max(best, (float) v.asDouble());
            }
            assertThat(shown[t]).isCloseTo(best, within((float) TOL));
        }
    }

    @Test
    void clickingATokenListsAllItsFeaturesRankedAndTheTooltipTheTopFive() {
        PromptViewModel vm = typed(LmFixtures.PROMPT);
        int t = 3;
        vm.selectedTokenProperty().set(t);
        List<Integer> expected = new ArrayList<>();
        JsonNode row = REF.get("acts").get(t);
        for (int f = 0; f < row.size(); f++) {
            if (row.get(f).asDouble() > 1e-6) {
                expected.add(f);
            }
        }
        expected.sort(Comparator.comparingDouble((Integer f) -> -row.get(f).asDouble()));
        assertThat(vm.tokenFeatures()).extracting(PromptViewModel.TokenFeature::feature).containsExactlyElementsOf(expected);
        String tip = vm.tooltip(t);
        for (int i = 0; i < 5; i++) {
            assertThat(tip).contains("#" + expected.get(i) + " ");
        }
        assertThat(tip).doesNotContain("#" + expected.get(5) + " ");
    }

    @Test
    void featuresRankByMaxActivationAndByLossEffectAsTorchMeasuresIt() {
        PromptViewModel vm = typed(LmFixtures.PROMPT);
        List<FeatureRank> byAct = List.copyOf(vm.rankedFeatures());
        JsonNode effects = REF.get("loss_effects");
        assertThat(byAct).hasSize(effects.size());
        for (int i = 1; i < byAct.size(); i++) {
            assertThat(byAct.get(i - 1).maxAct()).isGreaterThanOrEqualTo(byAct.get(i).maxAct());
        }
        vm.rankModeProperty().set(RankMode.LOSS_EFFECT);
        List<FeatureRank> byLoss = List.copyOf(vm.rankedFeatures());
        for (FeatureRank r : byLoss) {
            assertThat(r.lossEffect()).as("feature %d", r.feature())
                    .isCloseTo(effects.get(String.valueOf(r.feature())).asDouble(), within(2e-4));
        }
        for (int i = 1; i < byLoss.size(); i++) {
            assertThat(byLoss.get(i - 1).lossEffect()).isGreaterThanOrEqualTo(byLoss.get(i).lossEffect());
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void longPromptsAreCutToTheContextWithANote() {
        PromptViewModel vm = typed("the cat sat on the mat ".repeat(20));
        assertThat(vm.analysisProperty().get().size()).isEqualTo(32);
        assertThat(vm.noteProperty().get()).contains("the model reads 32");
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asInt();
        }
        return out;
    }
}
