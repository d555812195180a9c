package org.saescope.lab;

/**
 * The lab's starting points, each one of the paper's experiments: a sweep of instances from dense
 * (1 − S = maxDensity, instance 0) to sparse (minDensity, the last instance).
 */
public enum ToyModelPreset {
    /** 5 features in 2 dimensions, I = 0.9ⁱ: two orthogonal features when dense, a pentagon when sparse. */
    PENTAGON("5→2 pentagon", 5, 2, 6, 1.0, 0.02, 0.9, 6000, 1024),
    /** 20 features in 5 dimensions, I = 0.7ⁱ: WᵀW goes from a 5-feature identity to superposition. */
    SWEEP_20_5("20→5 sweep", 20, 5, 8, 1.0, 0.001, 0.7, 6000, 1024),
    /** 2 features in 1 dimension: the phase diagram's model (train the grid from the phase panel). */
    PHASE_2_1("2→1 phase diagram", 2, 1, 6, 1.0, 0.01, 1.0, 3000, 1024),
    /** 100 equally important features in 20 dimensions: dimensionality sticks at 1, 1/2, 2/5 … */
    DIMENSIONALITY_100_20("100→20 dimensionality", 100, 20, 12, 1.0, 0.002, 1.0, 3000, 256);

    private final String label;
    private final int n;
    private final int m;
    private final int instances;
    private final double maxDensity;
    private final double minDensity;
    private final double importanceDecay;
    private final int steps;
    private final int batchSize;

    ToyModelPreset(String label, int n, int m, int instances, double maxDensity, double minDensity,
                   double importanceDecay, int steps, int batchSize) {
        this.label = label;
        this.n = n;
        this.m = m;
        this.instances = instances;
        this.maxDensity = maxDensity;
        this.minDensity = minDensity;
        this.importanceDecay = importanceDecay;
        this.steps = steps;
        this.batchSize = batchSize;
    }

    public String label() {
        return label;
    }

    public int n() {
        return n;
    }

    public int m() {
        return m;
    }

    public int instances() {
        return instances;
    }

    public double maxDensity() {
        return maxDensity;
    }

    public double minDensity() {
        return minDensity;
    }

    public double importanceDecay() {
        return importanceDecay;
    }

    public int steps() {
        return steps;
    }

    public int batchSize() {
        return batchSize;
    }

    public ToyModelSpec spec(long seed) {
        return ToyModelSpec.sweep(n, m, instances, maxDensity, minDensity, importanceDecay, steps, seed)
                .withBatchSize(batchSize);
    }

    @Override
    public String toString() {
        return label;
    }
}
