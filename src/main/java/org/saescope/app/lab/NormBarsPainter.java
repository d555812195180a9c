package org.saescope.app.lab;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;
import org.saescope.lab.FeatureGeometry;

/** ‖W_i‖ per feature as bars, coloured by superposition Σ_{j≠i} (Ŵ_i · W_j)² (blue none, yellow ≥ 1). */
final class NormBarsPainter implements Painter<InstanceView> {
    @Override
    public void paint(GraphicsContext g, double w, double h, InstanceView v) {
        if (v == null) {
            Plots.message(g, w, h, "no model yet");
            return;
        }
        int n = v.snapshot().n();
        int m = v.snapshot().m();
        double[] norms = FeatureGeometry.norms(v.w(), n, m);
        double[] sup = FeatureGeometry.superposition(v.w(), n, m);
        double max = 1.2;
        for (double x : norms) {
            max = Math.max(max, x);
        }
        double plotW = w - Plots.MARGIN - 6;
        double plotH = h - Plots.MARGIN - 6;
        double bar = plotW / n;
        for (int i = 0; i < n; i++) {
            double bh = plotH * norms[i] / max;
            g.setFill(LabColors.superposition(sup[i]));
            g.fillRect(Plots.MARGIN + i * bar + bar * 0.1, h - Plots.MARGIN - bh, Math.max(1, bar * 0.8), bh);
        }
        Plots.axes(g, w, h);
        double y1 = h - Plots.MARGIN - plotH / max;
        g.setStroke(LabColors.AXIS.deriveColor(0, 1, 1, 0.5));
        g.setLineDashes(3, 3);
        g.strokeLine(Plots.MARGIN, y1, w - 6, y1);
        g.setLineDashes();
        Plots.label(g, "1", Plots.MARGIN - 4, y1, TextAlignment.RIGHT);
        Plots.label(g, "feature i →", w / 2, h - 10, TextAlignment.CENTER);
    }
}
