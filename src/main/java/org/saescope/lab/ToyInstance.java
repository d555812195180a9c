package org.saescope.lab;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * One toy model being trained: its W (m × n, row-major), b, its Adam state and its own random
 * stream, so instances can run on any thread in any order and still give the same numbers.
 */
final class ToyInstance {
    private final int n;
    private final int m;
    private final double probability;
    private final double[] importance;
    private final int batch;
    private final SplittableRandom rng;
    final double[] w;
    final double[] b;
    private final double[] gradW;
    private final double[] gradB;
    private final double[] x;
    private final Adam adam;

    ToyInstance(int n, int m, double probability, double[] importance, int batch, double lr, SplittableRandom rng) {
        this.n = n;
        this.m = m;
        this.probability = probability;
        this.importance = importance;
        this.batch = batch;
        this.rng = rng;
        w = new double[m * n];
        b = new double[n];
        // Xavier-normal, as the paper's notebook initialises W; b starts at zero.
        double std = Math.sqrt(2.0 / (n + m));
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian() * std;
        }
        gradW = new double[w.length];
        gradB = new double[n];
        x = new double[batch * n];
        adam = new Adam(lr, w.length, n);
    }

    /** Runs up to count steps (fewer when cancelled); returns the mean loss of the steps run. */
    double train(int count, BooleanSupplier cancelled) {
        double sum = 0;
        int done = 0;
        double[][] params = {w, b};
        double[][] grads = {gradW, gradB};
        for (int s = 0; s < count && !cancelled.getAsBoolean(); s++) {
            ToyData.sample(rng, probability, x, batch, n);
            sum += ToyModelMath.lossAndGradients(n, m, w, b, x, batch, importance, gradW, gradB);
            adam.step(params, grads);
            done++;
        }
        return done == 0 ? Double.NaN : sum / done;
    }
}
