package org.saescope.app.lab;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.text.TextAlignment;

/** WᵀW or b as a heatmap (one image, not n² nodes), blue < 0 < red, with the scale printed. */
final class HeatmapPainter implements Painter<Heatmap> {
    @Override
    public void paint(GraphicsContext g, double w, double h, Heatmap map) {
        if (map == null) {
            Plots.message(g, w, h, "no model yet");
            return;
        }
        double limit = Math.max(1e-9, map.maxAbs());
        WritableImage img = new WritableImage(map.cols(), map.rows());
        PixelWriter px = img.getPixelWriter();
        for (int r = 0; r < map.rows(); r++) {
            for (int c = 0; c < map.cols(); c++) {
                px.setColor(c, r, LabColors.diverging(map.values()[r * map.cols() + c], limit));
            }
        }
        double cell = Math.min((w - 12) / map.cols(), (h - 24) / map.rows());
        double dw = cell * map.cols();
        double dh = cell * map.rows();
        double x0 = (w - dw) / 2;
        double y0 = 6 + (h - 18 - dh) / 2;
        g.setImageSmoothing(false);
        g.drawImage(img, x0, y0, dw, dh);
        g.setStroke(LabColors.AXIS);
        g.setLineWidth(0.5);
        g.strokeRect(x0, y0, dw, dh);
        Plots.label(g, String.format("±%.2f", limit), w / 2, h - 8, TextAlignment.CENTER);
    }
}
