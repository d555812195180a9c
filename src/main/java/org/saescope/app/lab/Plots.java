package org.saescope.app.lab;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** Small drawing helpers shared by the painters. */
final class Plots {
    static final double MARGIN = 28;

    private Plots() {
    }

    static void message(GraphicsContext g, double w, double h, String text) {
        g.setFill(LabColors.TEXT);
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, w / 2, h / 2);
    }

    static void label(GraphicsContext g, String text, double x, double y, TextAlignment align) {
        g.setFill(LabColors.TEXT);
        g.setFont(Font.font(10));
        g.setTextAlign(align);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, x, y);
    }

    static void arrow(GraphicsContext g, double x0, double y0, double x1, double y1) {
        g.strokeLine(x0, y0, x1, y1);
        double len = Math.hypot(x1 - x0, y1 - y0);
        if (len < 4) {
            return;
        }
        double ux = (x1 - x0) / len;
        double uy = (y1 - y0) / len;
        double head = Math.min(8, len / 3);
        g.strokeLine(x1, y1, x1 - head * (ux - 0.5 * uy), y1 - head * (uy + 0.5 * ux));
        g.strokeLine(x1, y1, x1 - head * (ux + 0.5 * uy), y1 - head * (uy - 0.5 * ux));
    }

    static void axes(GraphicsContext g, double w, double h) {
        g.setStroke(LabColors.AXIS);
        g.setLineWidth(1);
        g.strokeLine(MARGIN, h - MARGIN, w - 6, h - MARGIN);
        g.strokeLine(MARGIN, 6, MARGIN, h - MARGIN);
    }
}
