package org.saescope.sae.kernel;

import java.util.Arrays;
import org.saescope.sae.SparseCodes;

/**
 * The plainest possible kernel: one token at a time, dense pre-activations, a full sort for TopK.
 * It is the yardstick the fast kernels are tested against, not a thing to run on large inputs.
 */
public final class ReferenceKernel implements SaeKernel {
    private final EncoderSpec spec;

    public ReferenceKernel(EncoderSpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public float[] encoderWeights() {
        return spec.wEnc();
    }

    @Override
    public SparseCodes encode(float[] x, int n) {
        int dIn = spec.dIn();
        int dSae = spec.dSae();
        int[] rowStart = new int[n + 1];
        int[][] idx = new int[n][];
        float[][] val = new float[n][];
        float[] act = new float[dSae];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < dSae; j++) {
                float raw = 0f;
                for (int i = 0; i < dIn; i++) {
                    raw += x[t * dIn + i] * spec.wEnc()[i * dSae + j];
                }
                act[j] = activation(raw, j);
            }
            if (spec.arch() == Arch.TOPK) {
                keepTopK(act);
            }
            Integer[] order = new Integer[dSae];
            int m = 0;
            for (int j = 0; j < dSae; j++) {
                if (act[j] > 0f) {
                    order[m++] = j;
                }
            }
            Integer[] active = Arrays.copyOf(order, m);
            Arrays.sort(active, (a, b) -> act[a] != act[b] ? Float.compare(act[b], act[a]) : Integer.compare(a, b));
            idx[t] = new int[m];
            val[t] = new float[m];
            for (int p = 0; p < m; p++) {
                idx[t][p] = active[p];
                val[t][p] = act[active[p]];
            }
            rowStart[t + 1] = rowStart[t] + m;
        }
        int[] indices = new int[rowStart[n]];
        float[] values = new float[rowStart[n]];
        for (int t = 0; t < n; t++) {
            System.arraycopy(idx[t], 0, indices, rowStart[t], idx[t].length);
            System.arraycopy(val[t], 0, values, rowStart[t], val[t].length);
        }
        return new SparseCodes(rowStart, indices, values);
    }

    private float activation(float raw, int j) {
        switch (spec.arch()) {
            case RELU:
                return Math.max(0f, raw + spec.bEnc()[j]);
            case JUMPRELU: {
                float pre = raw + spec.bEnc()[j];
                return pre > spec.threshold()[j] && pre > 0f ? pre : 0f;
            }
            case GATED:
                return raw + spec.bGate()[j] > 0f ? Math.max(0f, raw * spec.rMagExp()[j] + spec.bMag()[j]) : 0f;
            case TOPK: {
                float pre = raw + spec.bEnc()[j];
                // Pre-activation kept as is (negative too): the top-k is taken before the ReLU.
                return spec.preScale() == null ? pre : pre * spec.preScale()[j];
            }
            default:
                throw new IllegalStateException();
        }
    }

    /** Zeroes all but the k largest pre-activations (ties: lower index wins), then applies ReLU. */
    private void keepTopK(float[] pre) {
        int dSae = pre.length;
        Integer[] order = new Integer[dSae];
        for (int j = 0; j < dSae; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> pre[a] != pre[b] ? Float.compare(pre[b], pre[a]) : Integer.compare(a, b));
        boolean[] keep = new boolean[dSae];
        for (int r = 0; r < spec.k(); r++) {
            keep[order[r]] = true;
        }
        for (int j = 0; j < dSae; j++) {
            pre[j] = keep[j] ? Math.max(0f, pre[j]) : 0f;
        }
    }

    @Override
    public float[] decode(SparseCodes codes) {
        int dIn = spec.dIn();
        float[] out = new float[codes.tokens() * dIn];
        for (int t = 0; t < codes.tokens(); t++) {
            for (int p = codes.start(t); p < codes.end(t); p++) {
                int f = codes.indices()[p];
                float v = codes.values()[p];
                for (int i = 0; i < dIn; i++) {
                    out[t * dIn + i] += v * spec.wDec()[f * dIn + i];
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
