package org.saescope.app;

/**
 * Leaves one core to the UI: PyTorch's intra-op pool defaults to every core, and on a 2-core
 * laptop a forward pass then fights the FX thread and its own threads (measured on the tiny
 * fixture model under load: ~100 ms per forward with 2 threads, ~3 ms with 1). Must run before
 * DJL's engine starts; explicit {@code -Dai.djl.pytorch.num_threads} settings win.
 */
public final class ComputeThreads {
    private ComputeThreads() {
    }

    public static void leaveOneCoreForUi() {
        int n = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(n));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
