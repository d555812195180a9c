package org.saescope.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns libtorch's autograd recording off for a block (like PyTorch's {@code torch.no_grad()}) and
 * restores the previous mode on close.
 *
 * <p>Why: libtorch's grad mode is per thread and starts enabled. DJL switches it off only on the
 * thread that first initialised the engine, and a GradientCollector restores whatever mode it found.
 * So on any other thread, an optimiser's in-place update of a leaf parameter fails with "a leaf
 * Variable that requires grad is being used in an in-place operation" unless it runs in here.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
