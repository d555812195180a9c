package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The few fused torch ops the families share. Each result is attached to the manager of its first
 * argument, the activation, never to the model's weight manager, so per-forward temporaries die
 * with the forward's sub-manager.
 */
final class Ops {
    private Ops() {
    }

    /** {@code x · wᵀ + b} with {@code w} stored {@code [out, in]} (torch.nn.functional.linear); b may be null. */
    static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    /** Layer norm over the last axis with elementwise weight and bias (torch.nn.functional.layer_norm). */
    static NDArray layerNorm(NDArray x, NDArray w, NDArray b, float eps) {
        return x.getNDArrayInternal().layerNorm(x, new Shape(w.getShape().get(0)), w, b, eps).singletonOrThrow();
    }

    /**
     * Splits a fused projection {@code [t, 3·H·dh]} laid out as [all q | all k | all v] into
     * q, k, v views of shape {@code [H, t, dh]}.
     */
    static NDArray[] splitQkv(NDArray qkv, int nHeads, int dHead) {
        long t = qkv.getShape().get(0);
        NDArray heads = qkv.reshape(t, 3, nHeads, dHead).transpose(1, 2, 0, 3); // [3, H, t, dh]
        return new NDArray[] {heads.get(0), heads.get(1), heads.get(2)};
    }

    /** Row-major transpose of a {@code [rows, cols]} matrix (GPT-2's Conv1D stores weights {@code [in, out]}). */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
