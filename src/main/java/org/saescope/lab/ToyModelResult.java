package org.saescope.lab;

/** The weights when training ended (finished or cancelled) and the last reported losses. */
public record ToyModelResult(ToyModelSpec spec, ToySnapshot snapshot, double[] finalLoss, boolean cancelled) {
}
