package org.saescope.app.lab;

/** Pixels per unit so the longest arrow (at least length 1) fits the picture. */
final class ArrowScale {
    private ArrowScale() {
    }

    static double fit(double w, double h, double maxNorm) {
        return (Math.min(w, h) / 2 - 14) / Math.max(1, maxNorm);
    }

    /** Longest column of a 2-row W (row-major 2 × n). */
    static double maxNorm(double[] w, int n, int m) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += w[k * n + i] * w[k * n + i];
            }
            max = Math.max(max, Math.sqrt(s));
        }
        return max;
    }
}
