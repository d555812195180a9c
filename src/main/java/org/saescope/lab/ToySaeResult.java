package org.saescope.lab;

/** The trained dictionary (d × m atoms), its final MMCS and dead count, and whether it was cancelled. */
public record ToySaeResult(ToySaeSpec spec, double[] decoder, double mmcs, int deadLatents, int resampled,
                           boolean cancelled) {
}
