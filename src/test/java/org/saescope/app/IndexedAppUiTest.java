package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TableRow;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.catalog.IndexCatalog;
import org.saescope.app.catalog.TokenStrip;
import org.saescope.app.prompt.ActivationColors;
import org.saescope.app.prompt.HeatmapLayout;
import org.saescope.app.prompt.TokenHeatmap;
import org.saescope.app.session.DemoLocator;
import org.saescope.app.session.IndexOpener;
import org.saescope.features.LabelStore;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real app (headless) on a demo layout whose SAE folder holds a real index: the demo opens
 * with it, a feature found by "#id" shows its top examples from the index as coloured strips,
 * a label typed there is in the SQLite store and back after a restart, and the Lab tab is the lab.
 */
@ExtendWith(ApplicationExtension.class)
class IndexedAppUiTest {
    private static Path root;
    private static Path dirs;

    @BeforeAll
    static void layout() throws Exception {
        root = Files.createTempDirectory("saescope-ui-indexed");
        IndexedDemo.build(root);
        dirs = Files.createTempDirectory("saescope-ui-indexed-dirs");
    }

    @AfterAll
    static void clean() {
        AppFixtures.deleteTree(root);
        AppFixtures.deleteTree(dirs);
    }

    private static AppWindow start() throws Exception {
        AppWindow[] w = new AppWindow[1];
        FxToolkit.setupStage(s -> { });
        AppConfig config = new AppConfig(AppFixtures.dirs(dirs), new DemoLocator(List.of(root)), IndexOpener.SQLITE);
        WaitForAsyncUtils.asyncFx(() -> w[0] = AppWindow.open(new Stage(), config)).get(10, TimeUnit.SECONDS);
        AppUiTest.waitUntil(() -> w[0].model().workspace().isReady() && w[0].model().workspace().catalog() instanceof IndexCatalog);
        return w[0];
    }

    private static void stop(AppWindow w) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> w.stage().close()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFeaturesTopExamplesFromTheIndexAreDrawnAndItsLabelIsStored(FxRobot robot) throws Exception {
        int feature = AppFixtures.reference().get("steer").get("feature").asInt();
        AppWindow app = start();
        var main = app.window();
        robot.clickOn("#tabFeatures");
        AppUiTest.waitUntil(() -> main.browserViewModel().allRows().size() == 48);
        robot.clickOn("#featureSearch").write("#" + feature);
        AppUiTest.waitUntil(() -> main.browserViewModel().shownProperty().get() == 1);
        Node row = robot.lookup("#featureTable .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getIndex() == 0 && r.getItem() != null).findFirst().orElseThrow();
        robot.clickOn(row);
        AppUiTest.waitUntil(() -> main.dashboardViewModel().detailProperty().get() != null
                && main.dashboardViewModel().detailProperty().get().id() == feature);
        WaitForAsyncUtils.waitForFxEvents();

        // the dashboard draws one strip per top example and per quantile sample, from the index
        FeatureDetail d = main.dashboardViewModel().detailProperty().get();
        int samples = d.quantileGroups().stream().mapToInt(g -> g.examples().size()).sum();
        List<TokenHeatmap> all = WaitForAsyncUtils.asyncFx(() -> allHeatmaps(main.dashboardView())).get();
        assertThat(all).hasSize(d.topExamples().size() + samples);
        assertThat(d.topExamples()).isNotEmpty();

        // the first strip's strongest token is drawn in the hot colour (the strip's scale is the feature's max)
        TokenHeatmap first = all.get(0);
        float[] acts = d.topExamples().get(0).activations();
        int hot = 0;
        for (int t = 1; t < acts.length; t++) {
            if (acts[t] > acts[hot]) {
                hot = t;
            }
        }
        int h = hot;
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> first.canvas().snapshot(null, null)).get();
        HeatmapLayout cells = first.cells();
        int argb = img.getPixelReader().getArgb((int) (cells.x(h) + 2), (int) (cells.y(h) + cells.lineHeight() / 2));
        assertThat(argb & 0xFFFFFF).isEqualTo(ActivationColors.HOT);

        // every strip is focused on its example's token, underlined in the (light) theme's accent, and only there
        List<TokenStrip> strips = new java.util.ArrayList<>(d.topExamples());
        d.quantileGroups().forEach(g -> strips.addAll(g.examples()));
        int accent = new ActivationColors(false).accent();
        for (int i = 0; i < all.size(); i++) {
            TokenHeatmap heat = all.get(i);
            int focus = strips.get(i).focus();
            assertThat(heat.focus()).as("strip %d", i).isEqualTo(focus).isNotNegative();
            WritableImage shot = WaitForAsyncUtils.asyncFx(() -> heat.canvas().snapshot(null, null)).get();
            HeatmapLayout l = heat.cells();
            int below = (int) (l.y(focus) + l.lineHeight() + TokenHeatmap.FOCUS_BAR / 2);
            for (int t = 0; t < l.size(); t++) {
                int rgb = shot.getPixelReader().getArgb((int) (l.x(t) + l.width(t) / 2), below) & 0xFFFFFF;
                assertThat(rgb).as("strip %d, below token %d (focus %d)", i, t, focus)
                        .isEqualTo(t == focus ? accent : ActivationColors.LIGHT_BACKGROUND);
            }
        }

        robot.clickOn("#labelField").write("animals after the");
        AppUiTest.waitUntil(() -> "animals after the".equals(app.model().label(feature).label()));
        String sae = app.model().workspace().sae().identity();
        stop(app);

        try (LabelStore store = LabelStore.open(AppFixtures.dirs(dirs).labelStore())) {
            assertThat(store.get(sae, feature)).hasValueSatisfying(l -> assertThat(l.label()).isEqualTo("animals after the"));
        }
        AppWindow again = start();
        assertThat(again.model().label(feature).label()).isEqualTo("animals after the");

        // the Lab tab holds the superposition lab
        robot.clickOn("#tabLab");
        Button train = robot.lookup("#trainButton").queryButton();
        assertThat(train.isVisible()).isTrue();
        assertThat(again.window().tabs().getSelectionModel().getSelectedItem()).isInstanceOf(org.saescope.app.lab.LabTab.class);
        stop(again);
    }

    /** Every TokenHeatmap under {@code node}, in scene-graph (= layout) order. */
    private static List<TokenHeatmap> allHeatmaps(Node node) {
        java.util.Set<TokenHeatmap> out = new java.util.LinkedHashSet<>();
        collect(node, out);
        return List.copyOf(out);
    }

    private static void collect(Node node, java.util.Set<TokenHeatmap> out) {
        if (node instanceof TokenHeatmap t) {
            out.add(t);
            return;
        }
        if (node instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
        if (node instanceof javafx.scene.control.ScrollPane sp && sp.getContent() != null) {
            collect(sp.getContent(), out);
        }
    }
}
