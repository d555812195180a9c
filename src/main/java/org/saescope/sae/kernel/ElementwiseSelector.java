package org.saescope.sae.kernel;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * RELU, JUMPRELU and GATED: each feature's activation depends only on its own raw value, so one
 * pass computes it, keeps the positive ones as packed sort keys, and a primitive sort orders them.
 * NaN activations fail every {@code > 0} test and are dropped, as in the reference.
 */
final class ElementwiseSelector extends RowSelector {
    private final long[] keys;

    ElementwiseSelector(EncoderSpec spec) {
        super(spec);
        this.keys = new long[spec.dSae()];
    }

    @Override
    void select(FloatBuffer raw, int offset, boolean finite, CodeBuffer out) {
        int m;
        switch (spec.arch()) {
            case RELU:
                m = relu(raw, offset);
                break;
            case JUMPRELU:
                m = jumpRelu(raw, offset);
                break;
            case GATED:
                m = gated(raw, offset);
                break;
            default:
                throw new IllegalStateException("not an elementwise architecture: " + spec.arch());
        }
        Arrays.sort(keys, 0, m);
        emit(keys, m, out);
    }

    private int relu(FloatBuffer raw, int o) {
        float[] b = spec.bEnc();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            float a = raw.get(o + j) + b[j];
            if (a > 0f) {
                keys[m++] = sortKey(a, j);
            }
        }
        return m;
    }

    private int jumpRelu(FloatBuffer raw, int o) {
        float[] b = spec.bEnc();
        float[] th = spec.threshold();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            float pre = raw.get(o + j) + b[j];
            if (pre > th[j] && pre > 0f) {
                keys[m++] = sortKey(pre, j);
            }
        }
        return m;
    }

    private int gated(FloatBuffer raw, int o) {
        float[] bGate = spec.bGate();
        float[] rMag = spec.rMagExp();
        float[] bMag = spec.bMag();
        int m = 0;
        for (int j = 0; j < keys.length; j++) {
            float r = raw.get(o + j);
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
