package org.saescope.app.browser;

import java.util.Locale;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.saescope.app.catalog.FeatureDetail;

/** The activation histogram as bars on a Canvas, with the x range written under it. */
public final class HistogramChart extends Canvas {
    public HistogramChart() {
        super(420, 120);
    }

    public void show(FeatureDetail.Histogram h, boolean dark) {
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(dark ? Color.web("#2b2b2b") : Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setFill(dark ? Color.LIGHTGRAY : Color.DIMGRAY);
        if (h == null || h.counts().length == 0) {
            g.fillText("no histogram without an index", 10, getHeight() / 2);
            return;
        }
        long max = 1;
        for (long c : h.counts()) {
            max = Math.max(max, c);
        }
        double top = 16;
        double plotH = getHeight() - 18 - top;
        double bw = getWidth() / h.counts().length;
        g.setFill(Color.web("#e8590c"));
        for (int i = 0; i < h.counts().length; i++) {
            double bh = plotH * h.counts()[i] / max;
            g.fillRect(i * bw + 1, top + plotH - bh, Math.max(1, bw - 2), bh);
        }
        g.setFill(dark ? Color.LIGHTGRAY : Color.DIMGRAY);
        g.fillText(String.format(Locale.ROOT, "%.2f", h.edges()[0]), 2, getHeight() - 4);
        String right = String.format(Locale.ROOT, "%.2f", h.edges()[h.edges().length - 1]);
        g.fillText(right, getWidth() - 7 * right.length() - 2, getHeight() - 4);
        g.fillText("tallest bar: " + max + " activations", 2, 12);
    }
}
