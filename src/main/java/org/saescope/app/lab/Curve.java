package org.saescope.app.lab;

/** Curves to draw: one line per series, log y for losses, fixed [0, 1] for MMCS. */
record Curve(LossHistory history, boolean logY, double fixedMax) {
}
