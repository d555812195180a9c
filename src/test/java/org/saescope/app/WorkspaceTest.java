package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saescope.app.catalog.FeatureLabel;
import org.saescope.app.model.AppError;
import org.saescope.app.model.AppModel;
import org.saescope.app.prompt.FeatureRank;
import org.saescope.app.prompt.PromptViewModel;
import org.saescope.app.prompt.RankMode;
import org.saescope.app.session.IndexOpener;
import org.saescope.app.session.PathKinds;
import org.saescope.app.task.SynchronousRunner;
import org.saescope.features.GoldenSaeFolder;
import org.saescope.lm.LmFixtures;
import org.saescope.tensor.SafetensorsWriter;

/** Opening things: the demo by default, the "nothing there" state, mismatches, recent list, labels across restarts. */
class WorkspaceTest {
    private Path root;
    private final List<AppError> errors = new ArrayList<>();
    private final List<AppModel> opened = new ArrayList<>();
    /** What the index opener hands out next (tests set it). */
    private FakeCatalog nextIndex;

    @BeforeEach
    void setUp() throws Exception {
        root = AppFixtures.demoRoot(Files.createTempDirectory("saescope-ws"));
    }

    @AfterEach
    void tearDown() {
        opened.forEach(AppModel::shutdown);
        AppFixtures.deleteTree(root);
    }

    private AppModel app() {
        IndexOpener indexes = file -> nextIndex;
        AppModel app = AppFixtures.appModel(root, new SynchronousRunner(), indexes);
        app.setErrorHandler(errors::add);
        opened.add(app);
        return app;
    }

    @Test
    void startsOnTheDemoAndSaysWhenThereIsNone() throws Exception {
        AppModel app = app();
        app.openDemo();
        assertThat(app.demoStateProperty().get()).isEqualTo("open");
        assertThat(app.workspace().model().name()).isEqualTo("brown-gpt2");
        assertThat(app.workspace().sae().hook()).isEqualTo(GoldenSaeFolder.HOOK);
        assertThat(app.workspace().catalog().featureCount()).isEqualTo(48);

        Path empty = Files.createTempDirectory("saescope-empty");
        try {
            AppModel none = AppFixtures.appModel(empty, new SynchronousRunner());
            none.openDemo();
            assertThat(none.demoStateProperty().get()).isEqualTo("absent");
            assertThat(none.workspace().model()).isNull();
            PromptViewModel vm = new PromptViewModel(none);
            vm.textProperty().set("hello");
            assertThat(vm.noteProperty().get()).contains("Open a model");
        } finally {
            AppFixtures.deleteTree(empty);
        }
    }

    @Test
    void anSaeOfAnotherWidthOrHookIsAMismatchDialogAndNothingChanges() throws Exception {
        AppModel app = app();
        app.openDemo();
        var before = app.workspace();
        Path wide = GoldenSaeFolder.write("gpt2-tiny", root.resolve("wide"));
        Files.writeString(wide.resolve("cfg.json"), Files.readString(wide.resolve("cfg.json"))
                .replace(GoldenSaeFolder.HOOK, "blocks.7.hook_resid_post"));
        app.openSae(wide);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).mismatch()).isTrue();
        assertThat(errors.get(0).message()).contains("wide").contains("blocks.7.hook_resid_post").contains("does not have");
        assertThat(app.workspace()).isSameAs(before);

        errors.clear();
        Path narrow = Files.createDirectories(root.resolve("narrow"));
        new SafetensorsWriter()
                .addF32("W_enc", new float[16 * 8], 16, 8).addF32("b_enc", new float[8], 8)
                .addF32("W_dec", new float[8 * 16], 8, 16).addF32("b_dec", new float[16], 16)
                .write(narrow.resolve("sae_weights.safetensors"));
        Files.writeString(narrow.resolve("cfg.json"), """
                {"architecture": "standard", "d_in": 16, "d_sae": 8, "dtype": "float32", "apply_b_dec_to_input": true,
                 "normalize_activations": "none", "metadata": {"hook_name": "%s"}}
                """.formatted(GoldenSaeFolder.HOOK));
        app.openSae(narrow);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.mismatch()).isTrue();
            assertThat(e.message()).contains("narrow").contains("d_in 16").contains("32 wide");
        });
        assertThat(app.workspace()).isSameAs(before);
    }

    @Test
    void anIndexOfAnotherSaeIsRefusedAndTheRightOneBringsQuantiles() {
        AppModel app = app();
        app.openDemo();
        nextIndex = new FakeCatalog(48, "0".repeat(64));
        app.openIndex(root.resolve("other.sqlite"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).mismatch()).isTrue();
        assertThat(errors.get(0).message()).contains("other.sqlite").contains("another SAE");
        assertThat(app.workspace().catalog().hasStatistics()).isFalse();

        errors.clear();
        nextIndex = new FakeCatalog(48, app.workspace().sae().identity());
        app.openIndex(root.resolve("right.sqlite"));
        assertThat(errors).isEmpty();
        PromptViewModel vm = new PromptViewModel(app);
        vm.textProperty().set(LmFixtures.PROMPT);
        vm.rankModeProperty().set(RankMode.QUANTILE);
        List<FeatureRank> ranks = List.copyOf(vm.rankedFeatures());
        assertThat(ranks).isNotEmpty();
        for (FeatureRank r : ranks) {
            assertThat(r.quantile()).isEqualTo(Math.min(1, r.maxAct() / (r.feature() + 1.0)), org.assertj.core.api.Assertions.within(1e-6));
        }
        for (int i = 1; i < ranks.size(); i++) {
            assertThat(ranks.get(i - 1).quantile()).isGreaterThanOrEqualTo(ranks.get(i).quantile());
        }
        vm.selectedTokenProperty().set(2);
        assertThat(vm.tokenFeatures()).isNotEmpty().allSatisfy(tf -> assertThat(tf.quantile())
                .isEqualTo(Math.min(1, tf.value() / (tf.feature() + 1.0)), org.assertj.core.api.Assertions.within(1e-6)));
    }

    @Test
    void recentListAndLabelsSurviveARestart() throws Exception {
        AppModel first = app();
        first.openDemo();
        Path sae = root.resolve("sample-dictionaries/golden-sae");
        first.openSae(sae);
        first.saveLabel(new FeatureLabel(5, "cats", List.of("animal", "noun"), "fires on ' cat'"));
        first.shutdown();

        AppModel second = app();
        assertThat(second.recent()).extracting(r -> r.path()).contains(sae.toAbsolutePath().normalize());
        assertThat(second.recent().get(0).kind()).isEqualTo(PathKinds.Kind.SAE);
        second.openDemo();
        assertThat(second.label(5)).isEqualTo(new FeatureLabel(5, "cats", List.of("animal", "noun"), "fires on ' cat'"));
        assertThat(errors).isEmpty();
    }

    @Test
    void droppingSomethingUnknownSaysWhatItAccepts() throws Exception {
        AppModel app = app();
        Path junk = Files.writeString(root.resolve("notes.txt"), "hello");
        app.open(junk);
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.message()).contains("notes.txt").contains("config.json"));
    }
}
