package org.saescope.app.task;

/** What a running job may do: look at cancellation, report progress, post to the UI thread. */
public interface JobContext {
    /** True once the user (or a newer job replacing this one) asked it to stop. */
    boolean isCancelled();

    /** Reports progress: {@code fraction} in [0, 1], or negative for "busy, amount unknown". */
    void progress(double fraction, String message);

    /** Runs {@code action} on the UI thread later (streamed partial results). */
    void ui(Runnable action);
}
