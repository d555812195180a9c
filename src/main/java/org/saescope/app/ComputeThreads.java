package org.saescope.app;

import org.saescope.sae.kernel.SaeKernels;

/**
 * Leaves one core to the UI: PyTorch's intra-op pool and the SAE kernels' pool default to every
 * core, and on a 2-core laptop a forward pass or an encode then fights the FX thread and the
 * renderer (measured on the tiny fixture model under load: ~100 ms per forward with 2 threads,
 * ~3 ms with 1). Must run before DJL's engine starts and before the first SAE encodes; explicit
 * {@code -Dai.djl.pytorch.num_threads} / {@code -Dsaescope.kernel.threads} settings win.
 */
public final class ComputeThreads {
    private ComputeThreads() {
    }

    public static void leaveOneCoreForUi() {
        String n = String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", n);
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (System.getProperty(SaeKernels.THREADS_PROPERTY) == null) {
            System.setProperty(SaeKernels.THREADS_PROPERTY, n);
        }
    }
}
