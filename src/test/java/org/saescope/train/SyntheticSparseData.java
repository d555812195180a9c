package org.saescope.train;

import java.util.SplittableRandom;

/**
 * Activations with a known sparse structure: each token is a non-negative combination of
 * {@code active} of {@code features} random unit directions in R^dIn, with magnitudes in
 * [0.5, 1.5]. A good SAE's decoder rows should line up with those directions.
 */
final class SyntheticSparseData {
    final int dIn;
    final int features;
    final float[] directions; // [features, dIn], unit rows
    final float[] tokens;     // [n, dIn]

    SyntheticSparseData(long seed, int dIn, int features, int active, int n) {
        this.dIn = dIn;
        this.features = features;
        SplittableRandom rng = new SplittableRandom(seed);
        directions = new float[features * dIn];
        for (int f = 0; f < features; f++) {
            double ss = 0;
            for (int i = 0; i < dIn; i++) {
                double g = rng.nextGaussian();
                directions[f * dIn + i] = (float) g;
                ss += g * g;
            }
            for (int i = 0; i < dIn; i++) {
                directions[f * dIn + i] /= (float) Math.sqrt(ss);
            }
        }
        tokens = new float[n * dIn];
        for (int t = 0; t < n; t++) {
            int[] chosen = new int[active];
            for (int a = 0; a < active; a++) {
                int f;
                boolean again;
                do {
                    f = rng.nextInt(features);
                    again = false;
                    for (int b = 0; b < a; b++) {
                        again |= chosen[b] == f;
                    }
                } while (again);
                chosen[a] = f;
                double mag = 0.5 + rng.nextDouble();
                for (int i = 0; i < dIn; i++) {
                    tokens[t * dIn + i] += (float) (mag * directions[f * dIn + i]);
                }
            }
        }
    }

    ArrayActivationSource source(int chunkRows) {
        return new ArrayActivationSource(tokens, dIn, chunkRows, "synthetic activations");
    }

    /** For each true direction, the largest |cosine| with any decoder row of wDec [dSae, dIn]. */
    double[] bestCosines(float[] wDec, int dSae) {
        double[] best = new double[features];
        for (int f = 0; f < features; f++) {
            for (int j = 0; j < dSae; j++) {
                double dot = 0;
                double nn = 0;
                for (int i = 0; i < dIn; i++) {
                    dot += directions[f * dIn + i] * wDec[j * dIn + i];
                    nn += (double) wDec[j * dIn + i] * wDec[j * dIn + i];
                }
                best[f] = Math.max(best[f], dot / Math.sqrt(nn));
            }
        }
        return best;
    }
}
