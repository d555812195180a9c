package org.saescope.app.shell;

import javafx.beans.Observable;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * Lays a control out at the start of the pulse after {@code trigger} changed, before the scene's
 * CSS pass, instead of in the layout pass after it.
 *
 * <p>Why: a TableView (VirtualFlow) restyles its rows while it lays them out; each such restyle
 * marks the row's ancestors up to the root "CSS dirty branch", and JavaFX, finding the root not
 * clean at the end of the pulse, schedules one more pulse in which the root is the only dirty
 * node. That pulse has no dirty region to clip to, so the renderer repaints the whole window
 * (measured with the app tour: every prompt run's table update cost a second, full-window repaint,
 * ~40 ms of renderer CPU under software rendering). Laid out before the CSS pass, the same restyles
 * are swept up by that pass and the pulse ends clean.
 */
public final class LayoutAheadOfCss {
    private final Parent node;
    private boolean pending;
    private Scene registered;
    private final Runnable beforeCss = this::layoutIfPending;

    private LayoutAheadOfCss(Parent node) {
        this.node = node;
    }

    /** From now on, a change of {@code trigger} lays {@code node} out ahead of the next CSS pass. */
    public static void install(Parent node, Observable trigger) {
        LayoutAheadOfCss l = new LayoutAheadOfCss(node);
        trigger.addListener(o -> l.pending = true);
        node.sceneProperty().addListener((o, a, b) -> l.attach(b));
        l.attach(node.getScene());
    }

    private void attach(Scene scene) {
        if (registered != null) {
            registered.removePreLayoutPulseListener(beforeCss);
        }
        registered = scene;
        if (scene != null) {
            scene.addPreLayoutPulseListener(beforeCss);
        }
    }

    private void layoutIfPending() {
        if (pending) {
            pending = false;
            node.layout();
        }
    }
}
