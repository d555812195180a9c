package org.saescope.lab;

/**
 * Loss and hand-derived gradients of one toy model of superposition (Elhage et al. 2022) on one
 * batch. With X the batch (B × n), W (m × n), H = X Wᵀ, Y = H W + b, X' = ReLU(Y):
 * <pre>
 *   L      = (1 / (B n)) Σ_b Σ_i I_i (x_bi − x'_bi)²           (the paper's notebook: mean, weighted)
 *   G      = ∂L/∂Y = (2 / (B n)) I ⊙ (X' − X) ⊙ [Y > 0]
 *   ∂L/∂b  = Σ_b G_b
 *   ∂L/∂W  = Hᵀ G + W Gᵀ X        (the first term through Wᵀ in the read-out, the second through h = W x)
 * </pre>
 * The model is small enough that writing this out beats an autograd engine, and it keeps the lab
 * off DJL's one-GradientCollector-per-JVM limit that the SAE trainer relies on. Sparse inputs are
 * mostly zeros, so the two products with X skip zero entries. W is row-major: {@code w[k * n + j]}.
 */
public final class ToyModelMath {
    private ToyModelMath() {
    }

    /**
     * Returns the loss and writes ∂L/∂W into gradW (m·n) and ∂L/∂b into gradB (n); both are
     * overwritten. x is row-major B × n.
     */
    public static double lossAndGradients(int n, int m, double[] w, double[] b, double[] x, int batch,
                                          double[] importance, double[] gradW, double[] gradB) {
        java.util.Arrays.fill(gradW, 0);
        java.util.Arrays.fill(gradB, 0);
        double[] h = new double[m];
        double[] g = new double[n];
        double[] wg = new double[m];
        double scale = 2.0 / ((double) batch * n);
        double loss = 0;
        for (int s = 0; s < batch; s++) {
            int row = s * n;
            java.util.Arrays.fill(h, 0);
            for (int j = 0; j < n; j++) {
                double xj = x[row + j];
                if (xj != 0) {
                    for (int k = 0; k < m; k++) {
                        h[k] += w[k * n + j] * xj;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                double y = b[i];
                for (int k = 0; k < m; k++) {
                    y += w[k * n + i] * h[k];
                }
                double out = y > 0 ? y : 0;
                double diff = out - x[row + i];
                loss += importance[i] * diff * diff;
                g[i] = y > 0 ? scale * importance[i] * diff : 0;
            }
            // gradB += g; gradW += h gᵀ; wg = W g, then gradW[:, j] += wg x_j for nonzero x_j.
            java.util.Arrays.fill(wg, 0);
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                if (gi == 0) {
                    continue;
                }
                gradB[i] += gi;
                for (int k = 0; k < m; k++) {
                    gradW[k * n + i] += h[k] * gi;
                    wg[k] += w[k * n + i] * gi;
                }
            }
            for (int j = 0; j < n; j++) {
                double xj = x[row + j];
                if (xj != 0) {
                    for (int k = 0; k < m; k++) {
                        gradW[k * n + j] += wg[k] * xj;
                    }
                }
            }
        }
        return loss / ((double) batch * n);
    }
}
