package org.saescope.lab;

/**
 * A copy of every instance's W and b at one step, safe to hand to another thread (the UI draws
 * from it while training goes on). w[t] is instance t's W, row-major m × n.
 */
public record ToySnapshot(int step, int n, int m, double[] featureProbability, double[][] w, double[][] b) {

    public int instances() {
        return w.length;
    }

    /** Column i of instance t's W: how feature i is embedded in the hidden space. */
    public double[] column(int t, int i) {
        double[] c = new double[m];
        for (int k = 0; k < m; k++) {
            c[k] = w[t][k * n + i];
        }
        return c;
    }
}
