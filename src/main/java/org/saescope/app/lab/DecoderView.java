package org.saescope.app.lab;

/** What the SAE picture draws: the true columns and the current dictionary atoms (d × m). */
record DecoderView(SaeTarget target, double[] atoms) {
}
