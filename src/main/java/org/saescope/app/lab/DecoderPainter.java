package org.saescope.app.lab;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/** The SAE's unit atoms (thin, coloured) over the toy model's true columns W_i (thick, grey). */
final class DecoderPainter implements Painter<DecoderView> {
    @Override
    public void paint(GraphicsContext g, double w, double h, DecoderView v) {
        if (v == null || v.target() == null) {
            Plots.message(g, w, h, "train an SAE to see its atoms");
            return;
        }
        SaeTarget t = v.target();
        if (t.m() != 2) {
            Plots.message(g, w, h, "directions need m = 2 (this model has m = " + t.m() + ")");
            return;
        }
        double cx = w / 2;
        double cy = h / 2;
        double scale = ArrowScale.fit(w, h, ArrowScale.maxNorm(t.w(), t.n(), 2));
        g.setLineWidth(5);
        g.setStroke(Color.gray(0.6, 0.6));
        for (int i = 0; i < t.n(); i++) {
            Plots.arrow(g, cx, cy, cx + scale * t.w()[i], cy - scale * t.w()[t.n() + i]);
        }
        if (v.atoms() != null) {
            int d = v.atoms().length / 2;
            g.setLineWidth(1.5);
            for (int j = 0; j < d; j++) {
                g.setStroke(LabColors.feature(j, d));
                Plots.arrow(g, cx, cy, cx + scale * v.atoms()[2 * j], cy - scale * v.atoms()[2 * j + 1]);
            }
        }
        Plots.label(g, "grey: true W_i   colour: SAE atoms", 6, 10, TextAlignment.LEFT);
    }
}
