package org.saescope.lab;

/**
 * Where training stands after {@code step} of {@code totalSteps}: each instance's mean loss over
 * the steps since the previous report, and a snapshot of all weights.
 */
public record ToyProgress(int step, int totalSteps, double[] loss, ToySnapshot snapshot) {
}
