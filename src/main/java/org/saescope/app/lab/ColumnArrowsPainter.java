package org.saescope.app.lab;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;
import org.saescope.lab.ToySnapshot;

/** The columns W_i as arrows in the hidden plane (m = 2): pentagons show up here. */
final class ColumnArrowsPainter implements Painter<InstanceView> {
    @Override
    public void paint(GraphicsContext g, double w, double h, InstanceView v) {
        if (v == null) {
            Plots.message(g, w, h, "no model yet");
            return;
        }
        ToySnapshot s = v.snapshot();
        if (s.m() != 2) {
            Plots.message(g, w, h, "arrows need m = 2 (this model has m = " + s.m() + ")");
            return;
        }
        double cx = w / 2;
        double cy = h / 2;
        double scale = ArrowScale.fit(w, h, ArrowScale.maxNorm(v.w(), s.n(), 2));
        g.setStroke(LabColors.AXIS.deriveColor(0, 1, 1, 0.3));
        g.setLineWidth(1);
        g.strokeLine(8, cy, w - 8, cy);
        g.strokeLine(cx, 8, cx, h - 8);
        g.setLineWidth(2);
        for (int i = 0; i < s.n(); i++) {
            double[] c = s.column(v.instance(), i);
            g.setStroke(LabColors.feature(i, s.n()));
            Plots.arrow(g, cx, cy, cx + scale * c[0], cy - scale * c[1]);
        }
        Plots.label(g, String.format("1−S = %.3g", s.featureProbability()[v.instance()]), 6, 10, TextAlignment.LEFT);
    }
}
