package org.saescope.lab;

import java.util.SplittableRandom;

/** The toy data: each x_i is 0 with probability S, else uniform on [0, 1], independently. */
public final class ToyData {
    private ToyData() {
    }

    /** Fills x (row-major batch × n) with fresh samples; probability is 1 − S. */
    public static void sample(SplittableRandom rng, double probability, double[] x, int batch, int n) {
        int len = batch * n;
        for (int i = 0; i < len; i++) {
            x[i] = rng.nextDouble() < probability ? rng.nextDouble() : 0;
        }
    }
}
