package org.saescope.lab;

/**
 * Adam on plain double arrays, with the update in the order torch.optim.Adam (non-fused, no weight
 * decay, no amsgrad) performs it, so a step matches PyTorch's float64 step to rounding:
 * m ← β1 m + (1 − β1) g; v ← β2 v + (1 − β2) g²;
 * p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
 * One instance per model; not thread-safe (each toy instance owns its own).
 */
public final class Adam {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final double lr;
    private final double[][] m;
    private final double[][] v;
    private int t;

    /** One moment pair per parameter array, sized as given. */
    public Adam(double lr, int... sizes) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        this.lr = lr;
        m = new double[sizes.length][];
        v = new double[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            m[i] = new double[sizes[i]];
            v[i] = new double[sizes[i]];
        }
    }

    /** Updates every params[i] in place from grads[i]. */
    public void step(double[][] params, double[][] grads) {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(BETA2, t));
        double stepSize = lr / bc1;
        for (int i = 0; i < params.length; i++) {
            double[] p = params[i];
            double[] g = grads[i];
            double[] mi = m[i];
            double[] vi = v[i];
            for (int j = 0; j < p.length; j++) {
                mi[j] = mi[j] * BETA1 + (1 - BETA1) * g[j];
                vi[j] = vi[j] * BETA2 + (1 - BETA2) * g[j] * g[j];
                double denom = Math.sqrt(vi[j]) / bc2Sqrt + EPS;
                p[j] -= stepSize * (mi[j] / denom);
            }
        }
    }

    /** Forgets the moments of one entry (a resampled SAE latent must not inherit the dead one's). */
    public void resetMoments(int param, int index) {
        m[param][index] = 0;
        v[param][index] = 0;
    }

    /** Steps taken so far. */
    public int steps() {
        return t;
    }
}
