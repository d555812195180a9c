package org.saescope.app.lab;

import javafx.scene.paint.Color;

/** The lab's colour scales. */
final class LabColors {
    private LabColors() {
    }

    /** A distinct hue per feature index. */
    static Color feature(int i, int n) {
        return Color.hsb(360.0 * i / Math.max(1, n), 0.75, 0.85);
    }

    /** Blue (negative) – white (0) – red (positive), saturating at ±limit. */
    static Color diverging(double v, double limit) {
        double t = Math.max(-1, Math.min(1, limit == 0 ? 0 : v / limit));
        return t >= 0 ? Color.WHITE.interpolate(Color.rgb(200, 30, 30), t)
                : Color.WHITE.interpolate(Color.rgb(30, 60, 200), -t);
    }

    /** No superposition (0) dark blue to full superposition (≥ 1) yellow, as in the paper's bars. */
    static Color superposition(double s) {
        double t = Math.max(0, Math.min(1, s));
        return Color.rgb(20, 30, 110).interpolate(Color.rgb(245, 200, 30), t);
    }

    static final Color AXIS = Color.gray(0.35);
    static final Color TEXT = Color.gray(0.15);
}
