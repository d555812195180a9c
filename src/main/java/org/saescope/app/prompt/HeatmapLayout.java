package org.saescope.app.prompt;

import java.util.function.ToDoubleFunction;

/**
 * Where each token's cell goes: left to right, wrapping at {@code width}, a new line after a token
 * holding a newline. Pure geometry (the text-width function is passed in) so hit-testing is tested
 * without a toolkit.
 */
public final class HeatmapLayout {
    public static final double PAD_X = 3;
    public static final double GAP = 2;

    private final double[] x;
    private final double[] y;
    private final double[] w;
    private final double lineHeight;
    private final double height;

    private HeatmapLayout(double[] x, double[] y, double[] w, double lineHeight, double height) {
        this.x = x;
        this.y = y;
        this.w = w;
        this.lineHeight = lineHeight;
        this.height = height;
    }

    public static HeatmapLayout of(String[] pieces, ToDoubleFunction<String> textWidth, double width, double lineHeight) {
        int n = pieces.length;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        double cx = GAP;
        double cy = GAP;
        for (int i = 0; i < n; i++) {
            // whole pixels, so a cell's fill and border never blend (crisp text, exact colours)
            double cw = Math.ceil(textWidth.applyAsDouble(TokenText.visible(pieces[i])) + 2 * PAD_X);
            if (cx > GAP && cx + cw > width) {
                cx = GAP;
                cy += lineHeight + GAP;
            }
            x[i] = cx;
            y[i] = cy;
            w[i] = cw;
            cx += cw + GAP;
            if (TokenText.endsLine(pieces[i])) {
                cx = GAP;
                cy += lineHeight + GAP;
            }
        }
        double height = n == 0 ? 0 : cy + (cx > GAP ? lineHeight + GAP : 0) + GAP;
        return new HeatmapLayout(x, y, w, lineHeight, height);
    }

    public int size() {
        return x.length;
    }

    public double x(int i) {
        return x[i];
    }

    public double y(int i) {
        return y[i];
    }

    public double width(int i) {
        return w[i];
    }

    public double lineHeight() {
        return lineHeight;
    }

    /** Total height the cells need. */
    public double height() {
        return height;
    }

    /** The token under a point, or -1. */
    public int hit(double px, double py) {
        for (int i = 0; i < x.length; i++) {
            if (px >= x[i] && px < x[i] + w[i] && py >= y[i] && py < y[i] + lineHeight) {
                return i;
            }
        }
        return -1;
    }
}
