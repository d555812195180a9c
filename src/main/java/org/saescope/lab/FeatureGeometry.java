package org.saescope.lab;

/**
 * The paper's read-outs of one toy model's W (m × n, row-major; column i is feature i's
 * embedding W_i, and Ŵ_i is W_i / ‖W_i‖):
 * <ul>
 *   <li>Gram matrix WᵀW: which features share directions;</li>
 *   <li>‖W_i‖: how strongly feature i is represented (≈ 1 kept, ≈ 0 dropped);</li>
 *   <li>superposition Σ_{j≠i} (Ŵ_i · W_j)²: how much other features project onto i's direction;</li>
 *   <li>feature dimensionality D_i = ‖W_i‖² / Σ_j (Ŵ_i · W_j)²: the fraction of a dimension
 *       feature i gets (1 alone, 1/2 antipodal pair, 2/5 pentagon);</li>
 *   <li>dimensions per feature m / ‖W‖_F².</li>
 * </ul>
 * A column of zero norm has no direction: its superposition and dimensionality are 0.
 */
public final class FeatureGeometry {
    private FeatureGeometry() {
    }

    /** WᵀW as row-major n × n. */
    public static double[] gram(double[] w, int n, int m) {
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += w[k * n + i] * w[k * n + j];
                }
                g[i * n + j] = s;
                g[j * n + i] = s;
            }
        }
        return g;
    }

    public static double[] norms(double[] w, int n, int m) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += w[k * n + i] * w[k * n + i];
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    /** Σ_{j≠i} (Ŵ_i · W_j)² per feature. */
    public static double[] superposition(double[] w, int n, int m) {
        double[] g = gram(w, n, m);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double ni = Math.sqrt(g[i * n + i]);
            if (ni == 0) {
                continue;
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double d = g[i * n + j] / ni;
                    s += d * d;
                }
            }
            out[i] = s;
        }
        return out;
    }

    /** D_i = ‖W_i‖² / Σ_j (Ŵ_i · W_j)² per feature (the sum includes j = i). */
    public static double[] dimensionality(double[] w, int n, int m) {
        double[] g = gram(w, n, m);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sq = g[i * n + i];
            if (sq == 0) {
                continue;
            }
            double ni = Math.sqrt(sq);
            double s = 0;
            for (int j = 0; j < n; j++) {
                double d = g[i * n + j] / ni;
                s += d * d;
            }
            out[i] = sq / s;
        }
        return out;
    }

    /** m / ‖W‖_F²: infinite when W is all zeros. */
    public static double dimensionsPerFeature(double[] w, int m) {
        double f = 0;
        for (double v : w) {
            f += v * v;
        }
        return m / f;
    }

    /** Cosine of two vectors; 0 when either is zero. */
    public static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /**
     * Mean max cosine similarity (Sharkey et al. 2022): for each true feature (a column of W with
     * nonzero norm) the best cosine with any dictionary atom, averaged over those features. Atoms
     * are rows of {@code atoms} (d × m, row-major). 1 means every feature has an atom along it.
     */
    public static double meanMaxCosine(double[] w, int n, int m, double[] atoms, int d) {
        double sum = 0;
        int counted = 0;
        double[] col = new double[m];
        double[] atom = new double[m];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < m; k++) {
                col[k] = w[k * n + i];
                norm += col[k] * col[k];
            }
            if (norm == 0) {
                continue;
            }
            double best = -1;
            for (int j = 0; j < d; j++) {
                System.arraycopy(atoms, j * m, atom, 0, m);
                best = Math.max(best, cosine(col, atom));
            }
            sum += best;
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }
}
