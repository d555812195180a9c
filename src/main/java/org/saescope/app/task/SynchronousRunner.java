package org.saescope.app.task;

import java.util.function.Consumer;

/**
 * Runs each job at once on the calling thread, callbacks included; {@link #schedule} runs its
 * action at once too, so debounced work happens immediately. For view-model tests: no threads, no
 * toolkit, deterministic order.
 */
public final class SynchronousRunner implements BackgroundRunner {
    private final JobObserver observer;

    public SynchronousRunner() {
        this(JobObserver.NONE);
    }

    public SynchronousRunner(JobObserver observer) {
        this.observer = observer;
    }

    @Override
    public <T> JobHandle submit(Lane lane, String title, Job<T> job, Consumer<? super T> onDone,
                                Consumer<? super Throwable> onFailed) {
        SimpleJob handle = new SimpleJob(title);
        observer.started(handle);
        JobContext ctx = new JobContext() {
            @Override
            public boolean isCancelled() {
                return handle.isCancelled();
            }

            @Override
            public void progress(double fraction, String message) {
                observer.progressed(handle, fraction, message);
            }

            @Override
            public void ui(Runnable action) {
                action.run();
            }
        };
        try {
            T result = job.run(ctx);
            if (!handle.isCancelled()) {
                onDone.accept(result);
            }
        } catch (Exception | Error e) {
            if (!handle.isCancelled()) {
                onFailed.accept(e);
            }
        } finally {
            handle.markDone();
            observer.finished(handle);
        }
        return handle;
    }

    @Override
    public void onUi(Runnable action) {
        action.run();
    }

    @Override
    public Runnable schedule(long delayMillis, Runnable action) {
        action.run();
        return () -> { };
    }

    @Override
    public void close() {
    }
}
