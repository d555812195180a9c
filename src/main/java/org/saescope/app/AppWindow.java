package org.saescope.app;

import javafx.stage.Stage;
import org.saescope.app.model.AppModel;
import org.saescope.app.session.WorkspaceLoader;
import org.saescope.app.shell.MainWindow;
import org.saescope.app.task.FxBackgroundRunner;
import org.saescope.app.task.JobsModel;

/**
 * One running app in one stage: runner, shared model, main window. {@link SaescopeApp} makes one
 * at start; UI tests make several in turn to test a restart.
 */
public final class AppWindow {
    private final FxBackgroundRunner runner;
    private final AppModel model;
    private final MainWindow window;
    private final Stage stage;

    private AppWindow(Stage stage, AppConfig config) {
        this.stage = stage;
        JobsModel jobs = new JobsModel();
        runner = new FxBackgroundRunner(jobs);
        jobs.showAfter(JobsModel.SHOW_AFTER_MS, runner::schedule);
        model = new AppModel(runner, config.dirs(), new WorkspaceLoader(config.dirs(), config.indexes()), config.demo());
        window = new MainWindow(model, jobs);
        model.setErrorHandler(window::showError);
        window.install(stage, jobs);
        stage.setOnHidden(e -> close());
    }

    /** Builds the window in {@code stage}, shows it and starts opening the demo. */
    public static AppWindow open(Stage stage, AppConfig config) {
        ComputeThreads.leaveOneCoreForUi();
        AppWindow w = new AppWindow(stage, config);
        stage.show();
        w.model.openDemo();
        return w;
    }

    public AppModel model() {
        return model;
    }

    public MainWindow window() {
        return window;
    }

    public Stage stage() {
        return stage;
    }

    private boolean closed;

    /**
     * Saves what is pending, closes model and SAE, and waits (at most 5 s, at exit only) for
     * queued writes to land.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        window.flush();
        model.shutdown();
        runner.drain(5000);
    }
}
