package org.saescope.app.lab;

/** A rows × cols grid of values (row-major) drawn on a symmetric diverging scale. */
record Heatmap(double[] values, int rows, int cols) {
    double maxAbs() {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
