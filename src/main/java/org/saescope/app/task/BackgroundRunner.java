package org.saescope.app.task;

import java.util.function.Consumer;

/**
 * The seam between view models and long work. View models never call a model, a file or a
 * database directly: they submit a {@link Job}, and get its result (or failure) back on the UI
 * thread. The JavaFX implementation ({@link FxBackgroundRunner}) uses one thread per {@link Lane};
 * tests use {@link SynchronousRunner}, which runs everything at once on the caller's thread, so a
 * view model can be tested without a stage or a toolkit.
 *
 * <p>Callbacks: exactly one of {@code onDone} / {@code onFailed} runs on the UI thread unless the
 * job was cancelled, in which case neither does (a cancelled job's result is stale by definition).
 */
public interface BackgroundRunner extends AutoCloseable {
    <T> JobHandle submit(Lane lane, String title, Job<T> job, Consumer<? super T> onDone,
                         Consumer<? super Throwable> onFailed);

    /** Runs {@code action} on the UI thread (later, unless already there in the synchronous runner). */
    void onUi(Runnable action);

    /**
     * Runs {@code action} on the UI thread after {@code delayMillis}, unless the returned handle is
     * cancelled first (debouncing keystrokes before a save or a prompt run).
     */
    Runnable schedule(long delayMillis, Runnable action);

    /** Stops the threads; jobs still queued are cancelled. */
    @Override
    void close();
}
