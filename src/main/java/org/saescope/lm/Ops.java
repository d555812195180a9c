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

    /**
     * Batched fused projection {@code [B, t, 3·H·dh]} ([all q | all k | all v], as {@link #splitQkv})
     * split into q, k, v of shape {@code [B·H, t, dh]}, one attention problem per sequence and head.
     */
    static NDArray[] splitQkvBatched(NDArray qkv, int nHeads, int dHead) {
        long b = qkv.getShape().get(0);
        long t = qkv.getShape().get(1);
        NDArray heads = qkv.reshape(b, t, 3, nHeads, dHead).transpose(2, 0, 3, 1, 4); // [3, B, H, t, dh]
        return new NDArray[] {heads.get(0).reshape(b * nHeads, t, dHead), heads.get(1).reshape(b * nHeads, t, dHead),
            heads.get(2).reshape(b * nHeads, t, dHead)};
    }

    /** Inverse of {@link #splitQkvBatched}'s head split: {@code [B·H, t, dh]} back to {@code [B, t, H·dh]}. */
    static NDArray mergeHeadsBatched(NDArray z, long batch, int nHeads) {
        long t = z.getShape().get(1);
        long dh = z.getShape().get(2);
        return z.reshape(batch, nHeads, t, dh).transpose(0, 2, 1, 3).reshape(batch, t, nHeads * dh);
    }

    /**
     * Scaled dot-product attention, {@code softmax(q·kᵀ·scale + mask)·v}, for a stack of problems:
     * q {@code [N, t, dh]}, keysT {@code [N, dh, S]}, values {@code [N, S, dh]}, mask {@code [t, S]}
     * additive (or null) → {@code [N, t, dh]}. N is the heads of one sequence in inference and
     * batch × heads in training; both use this one definition. Safe under autograd (the only
     * in-place op adds the mask to a product, which no backward formula reads).
     */
    static NDArray attention(NDArray q, NDArray keysT, NDArray values, NDArray mask, float scale) {
        NDArray scores = q.mul(scale).batchMatMul(keysT); // [N, t, S]
        if (mask != null) {
            scores.addi(mask);
        }
        return scores.softmax(-1).batchMatMul(values);
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
