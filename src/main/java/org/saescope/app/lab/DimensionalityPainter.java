package org.saescope.app.lab;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.saescope.lab.FeatureGeometry;
import org.saescope.lab.ToySnapshot;

/**
 * Feature dimensionality D_i of every feature of every instance against 1/(1−S) (log x), with the
 * paper's reference lines at 1/2 (antipodal pairs) and 2/5 (pentagons), and each instance's
 * dimensions per feature m/‖W‖_F² as a black dash.
 */
final class DimensionalityPainter implements Painter<ToySnapshot> {
    @Override
    public void paint(GraphicsContext g, double w, double h, ToySnapshot s) {
        if (s == null) {
            Plots.message(g, w, h, "no model yet");
            return;
        }
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (double p : s.featureProbability()) {
            minX = Math.min(minX, Math.log10(1 / p));
            maxX = Math.max(maxX, Math.log10(1 / p));
        }
        if (maxX - minX < 1e-9) {
            minX -= 0.5;
            maxX += 0.5;
        }
        double x0 = Plots.MARGIN;
        double plotW = w - Plots.MARGIN - 10;
        double plotH = h - Plots.MARGIN - 8;
        double lo = minX;
        double span = maxX - minX;
        java.util.function.DoubleUnaryOperator px = v -> x0 + 4 + (plotW - 8) * (v - lo) / span;
        java.util.function.DoubleUnaryOperator py = d -> h - Plots.MARGIN - plotH * Math.min(1.1, d) / 1.1;
        Plots.axes(g, w, h);
        g.setLineDashes(4, 3);
        for (double ref : new double[] {1.0, 0.5, 0.4}) {
            g.setStroke(ref == 1.0 ? Color.gray(0.7) : Color.rgb(200, 90, 40, 0.8));
            g.strokeLine(x0, py.applyAsDouble(ref), w - 6, py.applyAsDouble(ref));
        }
        g.setLineDashes();
        Plots.label(g, "1", x0 - 4, py.applyAsDouble(1), TextAlignment.RIGHT);
        Plots.label(g, "1/2", x0 - 4, py.applyAsDouble(0.5) - 4, TextAlignment.RIGHT);
        Plots.label(g, "2/5", x0 - 4, py.applyAsDouble(0.4) + 5, TextAlignment.RIGHT);
        for (int t = 0; t < s.instances(); t++) {
            double x = px.applyAsDouble(Math.log10(1 / s.featureProbability()[t]));
            double[] d = FeatureGeometry.dimensionality(s.w()[t], s.n(), s.m());
            g.setFill(Color.rgb(40, 90, 180, 0.45));
            for (double di : d) {
                g.fillOval(x - 2.5, py.applyAsDouble(di) - 2.5, 5, 5);
            }
            double perFeature = FeatureGeometry.dimensionsPerFeature(s.w()[t], s.m());
            if (Double.isFinite(perFeature)) {
                g.setStroke(Color.BLACK);
                g.setLineWidth(2);
                g.strokeLine(x - 6, py.applyAsDouble(perFeature), x + 6, py.applyAsDouble(perFeature));
                g.setLineWidth(1);
            }
        }
        Plots.label(g, String.format("1/(1−S): %.3g … %.3g (log)", Math.pow(10, minX), Math.pow(10, maxX)),
                w / 2, h - 10, TextAlignment.CENTER);
    }
}
