package org.saescope.app.lab;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import org.saescope.lab.PhaseDiagram;
import org.saescope.lab.PhaseRegime;

/**
 * The 2→1 phase diagram: x density 1 − S (dense left, sparse right), y relative importance of the
 * extra feature (low at the bottom); grey not represented, blue dedicated, red superposed.
 */
final class PhaseDiagramPainter implements Painter<PhaseDiagram> {
    static Color color(PhaseRegime r) {
        return switch (r) {
            case NOT_REPRESENTED -> Color.gray(0.85);
            case DEDICATED -> Color.rgb(50, 100, 200);
            case SUPERPOSED -> Color.rgb(210, 60, 50);
        };
    }

    @Override
    public void paint(GraphicsContext g, double w, double h, PhaseDiagram d) {
        if (d == null) {
            Plots.message(g, w, h, "press “Phase diagram” to compute");
            return;
        }
        int rows = d.relativeImportance().length;
        int cols = d.densities().length;
        double plotW = w - Plots.MARGIN - 8;
        double plotH = h - Plots.MARGIN - 22;
        double cw = plotW / cols;
        double ch = plotH / rows;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                g.setFill(color(d.cells()[r][c]));
                g.fillRect(Plots.MARGIN + c * cw, 8 + (rows - 1 - r) * ch, cw + 0.5, ch + 0.5);
            }
        }
        Plots.axes(g, w, h - 14);
        Plots.label(g, String.format("%.2g", d.relativeImportance()[rows - 1]), Plots.MARGIN - 3, 12, TextAlignment.RIGHT);
        Plots.label(g, String.format("%.2g", d.relativeImportance()[0]), Plots.MARGIN - 3, 8 + plotH - 4, TextAlignment.RIGHT);
        Plots.label(g, "density 1−S: " + fmt(d.densities()[0]) + " → " + fmt(d.densities()[cols - 1]),
                w / 2, h - 26, TextAlignment.CENTER);
        double x = 8;
        for (PhaseRegime r : PhaseRegime.values()) {
            g.setFill(color(r));
            g.fillRect(x, h - 12, 9, 9);
            String name = switch (r) {
                case NOT_REPRESENTED -> "not represented";
                case DEDICATED -> "dedicated";
                case SUPERPOSED -> "superposed";
            };
            Plots.label(g, name, x + 12, h - 7, TextAlignment.LEFT);
            x += 14 + name.length() * 5.5;
        }
    }

    private static String fmt(double v) {
        return String.format("%.2g", v);
    }
}
