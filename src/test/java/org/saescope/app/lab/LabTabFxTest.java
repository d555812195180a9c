package org.saescope.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the real tab headlessly (Monocle): choose a preset, train, watch the pictures change. */
@ExtendWith(ApplicationExtension.class)
class LabTabFxTest {
    private LabTab tab;

    @Start
    void start(Stage stage) {
        tab = new LabTab();
        // Within Monocle's default 1280 × 800 headless screen: a larger stage overflows its buffer.
        stage.setScene(new Scene(new TabPane(tab), 1100, 760));
        stage.show();
    }

    @Test
    void choosePresetTrainAndSeeThePicturesUpdate(FxRobot robot, @TempDir Path dir) throws Exception {
        LabViewModel vm = tab.viewModel();
        robot.clickOn("#presetChoice").clickOn("20→5 sweep");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#nSpinner").<Spinner<Integer>>query().getValue()).isEqualTo(20);
        robot.clickOn("#presetChoice").clickOn("5→2 pentagon");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#nSpinner").<Spinner<Integer>>query().getValue()).isEqualTo(5);
        assertThat(vm.mProperty().get()).isEqualTo(2);
        robot.interact(() -> vm.stepsProperty().set(600));

        int[] arrowsBefore = pixels(robot, "#arrowsCanvas");
        int[] lossBefore = pixels(robot, "#lossCanvas");
        int[] gramBefore = pixels(robot, "#gramCanvas");
        robot.clickOn("#trainButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> vm.snapshotProperty().get() != null && !vm.trainingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(vm.lossHistoryProperty().get().size()).isGreaterThan(1);
        assertThat(vm.statusProperty().get()).contains("Trained 600 steps");
        assertThat(changed(arrowsBefore, pixels(robot, "#arrowsCanvas"))).as("arrows drawn").isGreaterThan(200);
        assertThat(changed(lossBefore, pixels(robot, "#lossCanvas"))).as("loss curve drawn").isGreaterThan(200);
        assertThat(changed(gramBefore, pixels(robot, "#gramCanvas"))).as("WᵀW drawn").isGreaterThan(200);

        // Another instance: the per-instance pictures follow the slider.
        int[] arrowsSparse = pixels(robot, "#arrowsCanvas");
        robot.interact(() -> vm.selectedInstanceProperty().set(0));
        assertThat(changed(arrowsSparse, pixels(robot, "#arrowsCanvas"))).isGreaterThan(50);

        // SAE recovery on the shown instance.
        int[] decoderBefore = pixels(robot, "#decoderCanvas");
        robot.interact(() -> vm.saeStepsProperty().set(300));
        // The SAE controls sit below the fold of the scrolled control column: fire rather than click.
        robot.interact(() -> robot.lookup("#trainSaeButton").<javafx.scene.control.Button>query().fire());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> vm.saeProgressProperty().get() != null && !vm.saeTrainingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.mmcsHistoryProperty().get().size()).isGreaterThan(1);
        assertThat(changed(decoderBefore, pixels(robot, "#decoderCanvas"))).as("atoms drawn").isGreaterThan(200);

        // Export a picture as PNG.
        Path png = dir.resolve("arrows.png");
        AtomicReference<Exception> failure = new AtomicReference<>();
        robot.interact(() -> {
            try {
                tab.exportPng("arrowsCanvas", png);
            } catch (Exception e) {
                failure.set(e);
            }
        });
        assertThat(failure.get()).isNull();
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read.getWidth()).isEqualTo(250);
        assertThat(read.getHeight()).isEqualTo(200);
    }

    private static int[] pixels(FxRobot robot, String id) {
        Canvas canvas = robot.lookup(id).query();
        AtomicReference<int[]> out = new AtomicReference<>();
        robot.interact(() -> {
            WritableImage img = canvas.snapshot(null, null);
            PixelReader r = img.getPixelReader();
            int w = (int) img.getWidth();
            int h = (int) img.getHeight();
            int[] px = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = r.getArgb(x, y);
                }
            }
            out.set(px);
        });
        return out.get();
    }

    private static int changed(int[] a, int[] b) {
        int c = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                c++;
            }
        }
        return c;
    }
}
