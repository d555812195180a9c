package org.saescope.tensor;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op thread count for the calling thread. Setting it changes the calling thread's
 * OpenMP/MKL team size and the default that threads calling libtorch for the first time start
 * with; threads already running keep theirs. So a caller that sets it should set it back from
 * the same thread when done, which also restores that default.
 */
public final class TorchThreads {
    private TorchThreads() {
    }

    /** Sets this thread's intra-op threads to n (at least 1); returns the count it had. */
    public static int setForThisThread(int n) {
        Engine.getEngine("PyTorch"); // loads the native library if nothing has yet
        int before = JniUtils.getNumThreads();
        int want = Math.max(1, n);
        if (before != want) {
            JniUtils.setNumThreads(want);
        }
        return before;
    }
}
