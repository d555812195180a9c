package org.saescope.sae.kernel;

import java.util.Arrays;

/**
 * RELU, JUMPRELU and GATED: each feature's activation depends only on its own raw value, so one
 * pass computes it, keeps the positive ones as packed sort keys, and a primitive sort orders them.
 */
final class ElementwiseSelector extends RowSelector {
    private final long[] keys;

    ElementwiseSelector(EncoderSpec spec) {
        super(spec);
        this.keys = new long[spec.dSae()];
    }

    @Override
    void select(float[] raw, CodeBuffer out) {
        int m;
        switch (spec.arch()) {
            case RELU:
                m = relu(raw);
                break;
            case JUMPRELU:
                m = jumpRelu(raw);
                break;
            case GATED:
                m = gated(raw);
                break;
            default:
                throw new IllegalStateException("not an elementwise architecture: " + spec.arch());
        }
        Arrays.sort(keys, 0, m);
        emit(keys, m, out);
    }

    private int relu(float[] raw) {
        float[] b = spec.bEnc();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            float a = raw[j] + b[j];
            if (a > 0f) {
                keys[m++] = sortKey(a, j);
            }
        }
        return m;
    }

    private int jumpRelu(float[] raw) {
        float[] b = spec.bEnc();
        float[] th = spec.threshold();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            float pre = raw[j] + b[j];
            if (pre > th[j] && pre > 0f) {
                keys[m++] = sortKey(pre, j);
            }
        }
        return m;
    }

    private int gated(float[] raw) {
        float[] bGate = spec.bGate();
        float[] rMag = spec.rMagExp();
        float[] bMag = spec.bMag();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            if (raw[j] + bGate[j] > 0f) {
                float mag = raw[j] * rMag[j] + bMag[j];
                if (mag > 0f) {
                    keys[m++] = sortKey(mag, j);
                }
            }
        }
        return m;
    }
}
