package org.saescope.app.lab;

/** The toy model an SAE is being trained on: its W (m × n, row-major) holds the true features. */
public record SaeTarget(double[] w, int n, int m, double featureProbability) {
}
