package org.saescope.app.shell;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.saescope.app.model.AppModel;
import org.saescope.app.task.JobsModel;

/** The bottom bar: what runs now, its progress, Cancel, and what is open. */
public final class StatusBarView extends HBox {
    public StatusBarView(JobsModel jobs, AppModel app) {
        super(8);
        setId("statusBar");
        setPadding(new Insets(3, 8, 3, 8));
        getStyleClass().add("status-bar");
        Label text = new Label();
        text.setId("statusText");
        text.textProperty().bind(jobs.textProperty());
        // The status text never shrinks; the long description of what is open does instead.
        text.setMinWidth(Region.USE_PREF_SIZE);
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(140);
        bar.progressProperty().bind(jobs.progressProperty());
        // Only a known fraction is drawn: an indeterminate bar animates every frame, which under
        // software rendering cost the FX thread and the renderer ~15% of a core during a
        // generation (measured with the app tour); the "…" text and Cancel say a job runs.
        bar.visibleProperty().bind(jobs.countProperty().greaterThan(0).and(jobs.progressProperty().greaterThanOrEqualTo(0)));
        Button cancel = new Button("Cancel");
        cancel.setId("cancelJobs");
        cancel.visibleProperty().bind(jobs.countProperty().greaterThan(0));
        cancel.setOnAction(e -> jobs.cancelAll());
        Label open = new Label();
        open.setId("openThings");
        open.setMinWidth(0);
        app.workspaceProperty().addListener((o, a, w) -> open.setText(describe(w)));
        open.setText(describe(app.workspace()));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        getChildren().addAll(text, bar, cancel, spring, open);
        setStyle("-fx-alignment: center-left;");
    }

    static String describe(org.saescope.app.session.Workspace w) {
        if (w.model() == null) {
            return "no model";
        }
        StringBuilder b = new StringBuilder("model " + w.model().name());
        if (w.sae() != null) {
            b.append(" · SAE ").append(w.sae().name()).append(" @ ").append(w.sae().hook()).append(" (")
                    .append(String.format(java.util.Locale.ROOT, "%,d", w.sae().dSae())).append(" features)");
        }
        if (w.catalog() != null) {
            b.append(" · ").append(w.catalog().name());
        }
        return b.toString();
    }
}
