package org.saescope.cli;

import java.util.Arrays;

/**
 * Wall-clock timing of a repeated operation: warm-up runs first, then best and median of reps, and
 * the CPU time the host stole from this VM during the timed reps ({@link HostSteal}; −1 unknown).
 */
record BenchTiming(double bestSeconds, double medianSeconds, int reps, double stealSeconds) {

    /** Runs {@code op} {@code warmup} times untimed, then {@code reps} times timed. */
    static BenchTiming measure(int warmup, int reps, Runnable op) {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        double[] s = new double[reps];
        double stealBefore = HostSteal.seconds();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            op.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        double stolen = HostSteal.between(stealBefore, HostSteal.seconds());
        Arrays.sort(s);
        // The upper median for an even count, as the PyTorch bench takes sorted(t)[len(t) // 2].
        return new BenchTiming(s[0], s[reps / 2], reps, stolen);
    }
}
