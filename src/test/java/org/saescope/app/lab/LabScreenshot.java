package org.saescope.app.lab;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.saescope.app.PngExport;

/**
 * Not a test: a launcher for looking at the real lab under a display (e.g. xvfb-run). It trains
 * the pentagon preset, an SAE on the sparsest instance and the phase diagram, then writes a
 * screenshot of the window to the path given as the only argument. Used for
 * docs/screenshots/lab.png.
 */
public final class LabScreenshot {
    private LabScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        CountDownLatch done = new CountDownLatch(1);
        Platform.startup(() -> {
            LabTab tab = new LabTab();
            Stage stage = new Stage();
            stage.setTitle("SAEscope — superposition lab");
            stage.setScene(new Scene(new TabPane(tab), 1110, 800));
            stage.show();
            LabViewModel vm = tab.viewModel();
            whenFalse(vm.trainingProperty(), vm::trainSae);
            whenFalse(vm.saeTrainingProperty(), vm::computePhaseDiagram);
            whenFalse(vm.phaseRunningProperty(), () -> {
                try {
                    PngExport.write(stage.getScene().snapshot(null), out);
                } catch (Exception e) {
                    e.printStackTrace();
                }
                done.countDown();
            });
            vm.train();
        });
        boolean finished = done.await(10, TimeUnit.MINUTES);
        Platform.exit();
        System.exit(finished ? 0 : 1);
    }

    private static void whenFalse(ReadOnlyBooleanProperty p, Runnable then) {
        p.addListener((obs, was, is) -> {
            if (was && !is) {
                then.run();
            }
        });
    }
}
