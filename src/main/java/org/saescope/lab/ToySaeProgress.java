package org.saescope.lab;

/**
 * SAE training after {@code step} of {@code totalSteps}: mean loss since the last report, MMCS
 * against the true features, how many latents are dead now, how many were resampled so far, and
 * a copy of the decoder atoms (d × m, row-major).
 */
public record ToySaeProgress(int step, int totalSteps, double loss, double mmcs, int deadLatents,
                             int resampledSoFar, double[] decoder) {
}
