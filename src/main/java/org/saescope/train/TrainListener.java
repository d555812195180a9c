package org.saescope.train;

/** Receives training progress; called on the training thread, so it must return quickly. */
@FunctionalInterface
public interface TrainListener {
    void onProgress(TrainProgress progress);

    /** A listener that ignores everything. */
    static TrainListener none() {
        return p -> {
        };
    }

    /** Calls this listener, then {@code other}. */
    default TrainListener andThen(TrainListener other) {
        return p -> {
            onProgress(p);
            other.onProgress(p);
        };
    }
}
