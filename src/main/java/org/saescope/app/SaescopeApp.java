package org.saescope.app;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The desktop app. Started by {@link AppLauncher} (from {@code org.saescope.Main} without
 * arguments). With {@code -Dsaescope.measure=true} it prints how long the JVM took to the first
 * window.
 */
public final class SaescopeApp extends Application {
    private AppWindow app;

    @Override
    public void start(Stage stage) {
        app = AppWindow.open(stage, AppConfig.standard());
        if (Boolean.getBoolean("saescope.measure")) {
            Platform.runLater(() -> {
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println(String.format(Locale.ROOT, "saescope: first window %d ms after JVM start", ms));
            });
        }
    }

    @Override
    public void stop() {
        if (app != null) {
            app.close();
        }
    }
}
