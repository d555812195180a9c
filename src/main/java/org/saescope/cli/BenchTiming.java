package org.saescope.cli;

import java.util.Arrays;

/** Wall-clock timing of a repeated operation: warm-up runs first, then best and median of reps. */
record BenchTiming(double bestSeconds, double medianSeconds, int reps) {

    /** Runs {@code op} {@code warmup} times untimed, then {@code reps} times timed. */
    static BenchTiming measure(int warmup, int reps, Runnable op) {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            op.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        // The upper median for an even count, as the PyTorch bench takes sorted(t)[len(t) // 2].
        return new BenchTiming(s[0], s[reps / 2], reps);
    }
}
