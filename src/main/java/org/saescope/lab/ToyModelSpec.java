package org.saescope.lab;

import java.util.Arrays;

/**
 * What to train: {@code instances} independent toy models with n features and m hidden
 * dimensions. Instance t sees features that are nonzero with probability {@code featureProbability[t]}
 * (that is 1 − S) and weighs feature i's error by {@code importance[t][i]}. Training is Adam with
 * batches of {@code batchSize} fresh samples for {@code steps} steps; a snapshot of every W and b
 * goes to the listener every {@code snapshotEvery} steps. Everything follows from {@code seed}.
 */
public record ToyModelSpec(int n, int m, double[] featureProbability, double[][] importance,
                           int batchSize, int steps, double learningRate, long seed, int snapshotEvery) {

    /** Upper bounds that keep a mistyped control from asking for gigabytes. */
    public static final int MAX_FEATURES = 1000;
    public static final int MAX_INSTANCES = 1024;

    public ToyModelSpec {
        require(n >= 1 && n <= MAX_FEATURES, "n must be in 1.." + MAX_FEATURES + ", got " + n);
        require(m >= 1 && m <= n, "m must be in 1..n, got " + m);
        require(featureProbability != null && featureProbability.length >= 1
                && featureProbability.length <= MAX_INSTANCES, "need 1.." + MAX_INSTANCES + " instances");
        require(importance != null && importance.length == featureProbability.length,
                "need one importance vector per instance");
        require(batchSize >= 1 && batchSize <= 1 << 16, "batch size must be in 1..65536, got " + batchSize);
        require(steps >= 0, "steps must be >= 0, got " + steps);
        require(learningRate > 0 && learningRate < 10, "learning rate must be in (0, 10), got " + learningRate);
        require(snapshotEvery >= 1, "snapshotEvery must be >= 1, got " + snapshotEvery);
        featureProbability = featureProbability.clone();
        double[][] imp = new double[importance.length][];
        for (int t = 0; t < featureProbability.length; t++) {
            double p = featureProbability[t];
            require(p > 0 && p <= 1, "feature probability (1 - S) must be in (0, 1], got " + p);
            require(importance[t] != null && importance[t].length == n, "importance vector " + t + " must have n entries");
            imp[t] = importance[t].clone();
            for (double v : imp[t]) {
                require(v >= 0 && Double.isFinite(v), "importance must be finite and >= 0, got " + v);
            }
        }
        importance = imp;
    }

    /**
     * The paper's sweep: importance rⁱ for every instance and 1 − S log-spaced from
     * {@code maxProbability} (instance 0) down to {@code minProbability} (the last instance).
     */
    public static ToyModelSpec sweep(int n, int m, int instances, double maxProbability, double minProbability,
                                     double importanceDecay, int steps, long seed) {
        require(instances >= 1, "need at least one instance");
        require(maxProbability >= minProbability, "max feature probability must be >= min");
        double[] p = logSpaced(maxProbability, minProbability, instances);
        double[] imp = new double[n];
        for (int i = 0; i < n; i++) {
            imp[i] = Math.pow(importanceDecay, i);
        }
        double[][] importance = new double[instances][];
        Arrays.fill(importance, imp);
        return new ToyModelSpec(n, m, p, importance, 1024, steps, 1e-3, seed, Math.max(1, Math.min(50, steps / 40)));
    }

    /** count values from a to b, equally spaced in log (a alone when count is 1). */
    static double[] logSpaced(double a, double b, int count) {
        double[] out = new double[count];
        for (int t = 0; t < count; t++) {
            double f = count == 1 ? 0 : (double) t / (count - 1);
            out[t] = Math.exp(Math.log(a) + f * (Math.log(b) - Math.log(a)));
        }
        return out;
    }

    public int instances() {
        return featureProbability.length;
    }

    /** A defensive copy: records expose their arrays otherwise. */
    @Override
    public double[] featureProbability() {
        return featureProbability.clone();
    }

    public double featureProbability(int instance) {
        return featureProbability[instance];
    }

    public double[] importance(int instance) {
        return importance[instance].clone();
    }

    @Override
    public double[][] importance() {
        double[][] out = new double[importance.length][];
        for (int t = 0; t < out.length; t++) {
            out[t] = importance[t].clone();
        }
        return out;
    }

    public ToyModelSpec withSteps(int newSteps) {
        return new ToyModelSpec(n, m, featureProbability, importance, batchSize, newSteps, learningRate, seed,
                snapshotEvery);
    }

    public ToyModelSpec withSnapshotEvery(int every) {
        return new ToyModelSpec(n, m, featureProbability, importance, batchSize, steps, learningRate, seed, every);
    }

    public ToyModelSpec withBatchSize(int batch) {
        return new ToyModelSpec(n, m, featureProbability, importance, batch, steps, learningRate, seed, snapshotEvery);
    }

    public ToyModelSpec withLearningRate(double lr) {
        return new ToyModelSpec(n, m, featureProbability, importance, batchSize, steps, lr, seed, snapshotEvery);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
