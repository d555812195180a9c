package org.saescope.lab;

/** Receives SAE progress on the training thread: copy what you keep, return fast. */
@FunctionalInterface
public interface ToySaeListener {
    ToySaeListener NONE = p -> { };

    void onProgress(ToySaeProgress progress);
}
