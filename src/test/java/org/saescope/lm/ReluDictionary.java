package org.saescope.lm;

import org.saescope.tensor.SafetensorsFile;

/**
 * A plain ReLU SAE over the golden file's sae.* tensors, f = relu((x − b_dec)·W_enc + b_enc),
 * x̂ = f·W_dec + b_dec: the same definition as lm_golden.py's, so interventions through
 * {@link FeatureDictionary} can be checked against the torch runs.
 */
final class ReluDictionary implements FeatureDictionary {
    private final int dIn;
    private final int dSae;
    private final float[] wEnc; // [dIn, dSae]
    private final float[] bEnc;
    private final float[] wDec; // [dSae, dIn]
    private final float[] bDec;

    ReluDictionary(SafetensorsFile g) {
        long[] shape = g.info("sae.W_enc").shape();
        dIn = (int) shape[0];
        dSae = (int) shape[1];
        wEnc = g.readF32("sae.W_enc");
        bEnc = g.readF32("sae.b_enc");
        wDec = g.readF32("sae.W_dec");
        bDec = g.readF32("sae.b_dec");
    }

    @Override
    public int dIn() {
        return dIn;
    }

    @Override
    public int dSae() {
        return dSae;
    }

    private float[] encode(float[] x, int rows) {
        float[] f = new float[rows * dSae];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dSae; j++) {
                double s = bEnc[j];
                for (int i = 0; i < dIn; i++) {
                    s += (x[r * dIn + i] - bDec[i]) * wEnc[i * dSae + j];
                }
                f[r * dSae + j] = (float) Math.max(0, s);
            }
        }
        return f;
    }

    @Override
    public float[] featureActivations(float[] x, int rows, int feature) {
        float[] f = encode(x, rows);
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = f[r * dSae + feature];
        }
        return out;
    }

    @Override
    public float[] decoderRow(int feature) {
        float[] row = new float[dIn];
        System.arraycopy(wDec, feature * dIn, row, 0, dIn);
        return row;
    }

    @Override
    public float[] reconstruct(float[] x, int rows) {
        float[] f = encode(x, rows);
        float[] out = new float[rows * dIn];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dIn; i++) {
                double s = bDec[i];
                for (int j = 0; j < dSae; j++) {
                    s += f[r * dSae + j] * wDec[j * dIn + i];
                }
                out[r * dIn + i] = (float) s;
            }
        }
        return out;
    }
}
