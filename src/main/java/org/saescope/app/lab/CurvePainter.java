package org.saescope.app.lab;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.TextAlignment;

/** Loss per instance (log y) or MMCS (0 … 1) against step. */
final class CurvePainter implements Painter<Curve> {
    @Override
    public void paint(GraphicsContext g, double w, double h, Curve c) {
        if (c == null || c.history().size() == 0) {
            Plots.message(g, w, h, "not trained yet");
            return;
        }
        LossHistory hist = c.history();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] series : hist.values()) {
            for (double v : series) {
                double y = transform(v, c.logY());
                if (Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        if (!c.logY()) {
            lo = 0;
            hi = Math.max(hi, c.fixedMax());
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int lastStep = hist.steps()[hist.size() - 1];
        double plotW = w - Plots.MARGIN - 8;
        double plotH = h - Plots.MARGIN - 8;
        Plots.axes(g, w, h);
        g.setLineWidth(1.5);
        for (int t = 0; t < hist.values().length; t++) {
            g.setStroke(LabColors.feature(t, hist.values().length + 1));
            double[] series = hist.values()[t];
            double px = Double.NaN;
            double py = Double.NaN;
            for (int i = 0; i < hist.size(); i++) {
                double y = transform(series[i], c.logY());
                if (!Double.isFinite(y)) {
                    continue;
                }
                double x = Plots.MARGIN + plotW * hist.steps()[i] / Math.max(1, lastStep);
                double yy = h - Plots.MARGIN - plotH * (y - lo) / (hi - lo);
                if (!Double.isNaN(px)) {
                    g.strokeLine(px, py, x, yy);
                } else {
                    g.strokeLine(x, yy, x, yy);
                }
                px = x;
                py = yy;
            }
        }
        Plots.label(g, c.logY() ? String.format("%.1e", Math.pow(10, hi)) : String.format("%.2f", hi),
                Plots.MARGIN + 2, 8, TextAlignment.LEFT);
        Plots.label(g, c.logY() ? String.format("%.1e", Math.pow(10, lo)) : String.format("%.2f", lo),
                Plots.MARGIN + 2, h - Plots.MARGIN - 6, TextAlignment.LEFT);
        Plots.label(g, "step " + lastStep, w - 8, h - 10, TextAlignment.RIGHT);
    }

    private static double transform(double v, boolean log) {
        return log ? (v > 0 ? Math.log10(v) : Double.NaN) : v;
    }
}
