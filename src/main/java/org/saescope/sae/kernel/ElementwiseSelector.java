package org.saescope.sae.kernel;

import java.nio.FloatBuffer;

/**
 * RELU, JUMPRELU and GATED: each feature's activation depends only on its own raw value, so one
 * pass computes it and keeps the positive ones as packed sort keys (in index order), and
 * {@link KeySort} orders them. NaN activations fail every {@code > 0} test and are dropped, as in
 * the reference.
 */
final class ElementwiseSelector extends RowSelector {
    private final long[] keys;
    /** This token's raw values (scratch; see {@link RowSelector} on why rows are copied). */
    private final float[] row;
    private final KeySort sorter = new KeySort();

    ElementwiseSelector(EncoderSpec spec) {
        super(spec);
        this.keys = new long[spec.dSae()];
        this.row = new float[spec.dSae()];
    }

    @Override
    void select(FloatBuffer raw, int offset, boolean finite, CodeBuffer out) {
        raw.get(offset, row, 0, row.length);
        int m;
        switch (spec.arch()) {
            case RELU:
                m = relu();
                break;
            case JUMPRELU:
                m = jumpRelu();
                break;
            case GATED:
                m = gated();
                break;
            default:
                throw new IllegalStateException("not an elementwise architecture: " + spec.arch());
        }
        sorter.sort(keys, m);
        emit(keys, m, out);
    }

    private int relu() {
        float[] b = spec.bEnc();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            float a = row[j] + b[j];
            if (a > 0f) {
                keys[m++] = sortKey(a, j);
            }
        }
        return m;
    }

    private int jumpRelu() {
        float[] b = spec.bEnc();
        float[] th = spec.threshold();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            float pre = row[j] + b[j];
            if (pre > th[j] && pre > 0f) {
                keys[m++] = sortKey(pre, j);
            }
        }
        return m;
    }

    private int gated() {
        float[] bGate = spec.bGate();
        float[] rMag = spec.rMagExp();
        float[] bMag = spec.bMag();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            float r = row[j];
            if (r + bGate[j] > 0f) {
                float mag = r * rMag[j] + bMag[j];
                if (mag > 0f) {
                    keys[m++] = sortKey(mag, j);
                }
            }
        }
        return m;
    }
}
