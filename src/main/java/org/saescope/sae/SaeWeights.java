package org.saescope.sae;

import java.nio.file.Path;
import java.util.List;

/**
 * The canonical weights a format loader hands to {@link Sae}: W_enc [dIn, dSae] and W_dec
 * [dSae, dIn] row-major, the per-feature vectors the architecture uses (others null), the optional
 * SAELens log10 feature sparsity, the file they came from and any warnings met while reading.
 */
record SaeWeights(float[] wEnc, float[] wDec, float[] bEnc, float[] bDec, float[] threshold,
                  float[] bGate, float[] rMag, float[] bMag, float[] logSparsity, Path weightsFile,
                  List<String> warnings) {
}
