package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saescope.app.prompt.ActivationColors;
import org.saescope.app.prompt.HeatmapLayout;
import org.saescope.app.prompt.TokenHeatmap;
import org.saescope.app.session.DemoLocator;
import org.saescope.lm.LmFixtures;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real app, headless (Monocle), driven like a user: it opens the demo layout (the lm
 * fixtures), a typed prompt colours the heatmap, a clicked token lists its features, a feature
 * is labelled in its dashboard and the label is there after a restart; three features are
 * triaged by keyboard; steering yields two continuations.
 */
@ExtendWith(ApplicationExtension.class)
class AppUiTest {
    private static Path root;
    private static Path dirs;

    @BeforeAll
    static void layout() throws Exception {
        root = AppFixtures.demoRoot(Files.createTempDirectory("saescope-ui"));
        dirs = Files.createTempDirectory("saescope-ui-dirs");
    }

    @AfterAll
    static void clean() {
        AppFixtures.deleteTree(root);
        AppFixtures.deleteTree(dirs);
    }

    private static AppConfig config() {
        return new AppConfig(AppFixtures.dirs(dirs), new DemoLocator(List.of(root)), file -> new FakeCatalog(48, null));
    }

    private static AppWindow start() throws Exception {
        AppWindow[] w = new AppWindow[1];
        FxToolkit.setupStage(s -> { });
        WaitForAsyncUtils.asyncFx(() -> w[0] = AppWindow.open(new Stage(), config())).get(10, TimeUnit.SECONDS);
        waitUntil(() -> w[0].model().workspace().isReady());
        return w[0];
    }

    private static void stop(AppWindow w) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> w.stage().close()).get(10, TimeUnit.SECONDS);
    }

    static void waitUntil(BooleanSupplier cond) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(cond::getAsBoolean).get());
    }

    @Test
    void promptHeatmapTokenClickLabelAndRestart(FxRobot robot) throws Exception {
        AppWindow app = start();
        var main = app.window();
        TextArea prompt = robot.lookup("#promptText").queryAs(TextArea.class);
        robot.interact(prompt::clear);
        robot.clickOn(prompt).write(LmFixtures.PROMPT);
        waitUntil(() -> main.promptViewModel().analysisProperty().get() != null
                && main.promptViewModel().analysisProperty().get().text().equals(LmFixtures.PROMPT));
        int feature = AppFixtures.reference().get("steer").get("feature").asInt();
        robot.clickOn("#featureField").write(String.valueOf(feature)).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        // pixels: the hottest token of the feature is the hot colour, a token where it is 0 is the background
        TokenHeatmap heat = main.promptView().heatmap();
        float[] v = main.promptViewModel().tokenValuesProperty().get();
        int hot = 0;
        int cold = -1;
        for (int t = 0; t < v.length; t++) {
            if (v[t] > v[hot]) {
                hot = t;
            }
            if (v[t] == 0 && cold < 0) {
                cold = t;
            }
        }
        assertThat(cold).as("a token where the feature is silent").isGreaterThanOrEqualTo(0);
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> heat.canvas().snapshot(null, null)).get();
        HeatmapLayout cells = heat.cells();
        assertThat(rgbAt(img.getPixelReader(), cells, hot)).isEqualTo(ActivationColors.HOT);
        assertThat(rgbAt(img.getPixelReader(), cells, cold)).isEqualTo(ActivationColors.LIGHT_BACKGROUND);

        // click a token: the table lists its features
        int t = hot;
        javafx.geometry.Point2D at = WaitForAsyncUtils.asyncFx(
                () -> heat.canvas().localToScreen(cells.x(t) + 3, cells.y(t) + 5)).get();
        robot.clickOn(at);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(main.promptViewModel().selectedTokenProperty().get()).isEqualTo(t);
        assertThat(main.promptViewModel().tokenFeatures()).extracting(f -> f.feature()).contains(feature);

        // open the feature (double-click in the ranked table), label it in the dashboard
        // the first row on screen (cells are recycled, so scene-graph order is not row order)
        javafx.scene.Node firstRow = robot.lookup("#rankedFeatures .table-row-cell").queryAllAs(javafx.scene.control.TableRow.class)
                .stream().filter(r -> r.getIndex() == 0 && r.getItem() != null).findFirst().orElseThrow();
        robot.doubleClickOn(firstRow);
        waitUntil(() -> main.tabs().getSelectionModel().getSelectedIndex() == 1);
        int opened = main.dashboardViewModel().featureProperty().get();
        assertThat(opened).isEqualTo(main.promptViewModel().rankedFeatures().get(0).feature());
        robot.clickOn("#labelField").write("cats and dogs");
        waitUntil(() -> "cats and dogs".equals(app.model().label(opened).label()));
        stop(app);

        AppWindow again = start();
        assertThat(again.model().label(opened).label()).isEqualTo("cats and dogs");
        stop(again);
    }

    private static int rgbAt(PixelReader px, HeatmapLayout cells, int t) {
        // a point inside the cell, left of the text (the padding), below the border
        int argb = px.getArgb((int) (cells.x(t) + 2), (int) (cells.y(t) + cells.lineHeight() / 2));
        return argb & 0xFFFFFF;
    }

    @Test
    void triageThreeFeaturesByKeyboard(FxRobot robot) throws Exception {
        AppWindow app = start();
        var main = app.window();
        WaitForAsyncUtils.asyncFx(() -> app.model().openIndex(root.resolve("fake.sqlite"))).get();
        waitUntil(() -> app.model().workspace().catalog().hasStatistics());
        robot.clickOn("#tabTriage");
        robot.clickOn("#triageUnlabelled");
        waitUntil(() -> main.triageViewModel().suggestions().size() == 2);
        int first = main.triageViewModel().featureProperty().get();
        TextField field = robot.lookup("#triageLabel").queryAs(TextField.class);
        robot.clickOn(field).type(KeyCode.DIGIT1).type(KeyCode.ENTER);       // suggestion 1, save
        waitUntil(() -> main.triageViewModel().suggestions().size() == 2);
        robot.write("by hand").type(KeyCode.ENTER);                           // typed label
        waitUntil(() -> main.triageViewModel().suggestions().size() == 2);
        robot.press(KeyCode.ALT).type(KeyCode.RIGHT).release(KeyCode.ALT);   // skip one
        waitUntil(() -> main.triageViewModel().suggestions().size() == 2);
        robot.type(KeyCode.DIGIT2).type(KeyCode.ENTER);                      // suggestion 2, save
        waitUntil(() -> main.triageViewModel().doneProperty().get() == 3);
        assertThat(app.model().label(first).label()).isEqualTo("concept A of " + first);
        assertThat(app.model().label(first + 1).label()).isEqualTo("by hand");
        assertThat(app.model().label(first + 2).isLabelled()).isFalse();
        assertThat(app.model().label(first + 3).label()).isEqualTo("concept B of " + (first + 3));
        assertThat(robot.lookup("#triageCounters").queryLabeled().getText()).startsWith("done 3 · remaining ");
        stop(app);
    }

    @Test
    void steeringYieldsTwoContinuations(FxRobot robot) throws Exception {
        AppWindow app = start();
        robot.clickOn("#tabSteering");
        int feature = AppFixtures.reference().get("steer").get("feature").asInt();
        robot.clickOn("#steerFeature").write(String.valueOf(feature)).type(KeyCode.ENTER);
        robot.clickOn("#steerGenerate");
        var vm = app.window().steeringViewModel();
        waitUntil(() -> "Done.".equals(vm.statusProperty().get()));
        String plain = robot.lookup("#plainText").queryAs(TextArea.class).getText();
        String steered = robot.lookup("#steeredText").queryAs(TextArea.class).getText();
        assertThat(plain).isNotEmpty();
        assertThat(steered).isNotEmpty().isNotEqualTo(plain);
        stop(app);
    }
}
