package org.saescope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the hypervisor gave to other guests while this (virtual) machine wanted it: the
 * "steal" column of Linux's /proc/stat, summed over CPUs. Benchmarks report how much of it fell
 * inside their measurement, since on a shared host it changes timings by tens of percent between
 * sittings and nothing inside the machine shows it otherwise.
 */
final class HostSteal {
    /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private HostSteal() {
    }

    /** Stolen CPU seconds since boot, or −1 where /proc/stat is missing or has no steal column. */
    static double seconds() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    return f.length > 8 ? Long.parseLong(f[8]) / TICKS_PER_SECOND : -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux, or an unexpected format: unknown, not zero
        }
        return -1;
    }

    /** Seconds stolen between two readings of {@link #seconds()}, or −1 if either was unknown. */
    static double between(double before, double after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
