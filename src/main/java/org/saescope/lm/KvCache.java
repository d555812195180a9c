package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of every layer for the tokens processed so far, in a manager of their own that
 * lives as long as one generation. Keys are kept transposed, {@code [nHeads, dHead, length]}, the
 * layout the score product q·kᵀ reads, so no per-step transpose view lands in the cache's manager;
 * values are {@code [nHeads, length, dHead]}.
 */
final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    KvCache(NDManager parent, int nLayers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[nLayers];
        this.values = new NDArray[nLayers];
    }

    /** Tokens cached so far (the absolute position of the next token). */
    int length() {
        return length;
    }

    /**
     * Appends this step's transposed keys ({@code [nHeads, dHead, t]}) and values ({@code [nHeads, t, dHead]})
     * to layer {@code layer} and returns all cached keysᵀ and values. The returned arrays belong to the cache.
     */
    NDArray[] append(int layer, NDArray keysT, NDArray v) {
        keys[layer] = grow(keys[layer], keysT, 2);
        values[layer] = grow(values[layer], v, 1);
        return new NDArray[] {keys[layer], values[layer]};
    }

    /** Marks the step's tokens as cached; call once per forward step, after every layer appended. */
    void advance(int tokens) {
        length += tokens;
    }

    private NDArray grow(NDArray old, NDArray step, int axis) {
        NDArray all;
        if (old == null) {
            all = step.duplicate(); // a contiguous copy the cache owns, not a view into the step's qkv
        } else {
            all = NDArrays.concat(new NDList(old, step), axis); // attached to old's manager: the cache's
            old.close();
        }
        all.attach(manager);
        return all;
    }

    @Override
    public void close() {
        manager.close();
    }
}
