package org.saescope.cli;

import picocli.CommandLine.Option;

/** {@code --reps} and {@code --warmup}, shared by the benches that time an operation with {@link BenchTiming}. */
final class BenchRunOptions {
    @Option(names = "--reps", defaultValue = "5", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    /** Times {@code op}: {@link #warmup} untimed runs, then {@link #reps} timed ones. */
    BenchTiming measure(Runnable op) {
        return BenchTiming.measure(warmup, reps, op);
    }
}
