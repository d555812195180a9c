package org.saescope.lab;

/** Receives progress on the training thread: copy what you keep, return fast. */
@FunctionalInterface
public interface ToyProgressListener {
    ToyProgressListener NONE = p -> { };

    void onProgress(ToyProgress progress);
}
