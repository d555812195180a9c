package org.saescope.app.task;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The JavaFX runner: one daemon thread per {@link Lane}, results and progress posted to the FX
 * thread with {@link Platform#runLater}. Progress is coalesced (at most one pending update per
 * job, at most ten a second) so a fast loop cannot flood the FX event queue and stall pulses.
 */
public final class FxBackgroundRunner implements BackgroundRunner {
    /** Fastest rate at which one job's progress reaches the UI: 10 updates a second read as live. */
    public static final long PROGRESS_INTERVAL_MS = 100;

    private final Map<Lane, ExecutorService> lanes = new EnumMap<>(Lane.class);
    private final ScheduledExecutorService timer;
    private final JobObserver observer;

    public FxBackgroundRunner(JobObserver observer) {
        this.observer = observer;
        for (Lane lane : Lane.values()) {
            lanes.put(lane, Executors.newSingleThreadExecutor(r -> daemon(r, "saescope-" + lane.name().toLowerCase())));
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "saescope-timer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        // Below the FX thread, so a busy model never competes with drawing on a 2-core laptop.
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    }

    @Override
    public <T> JobHandle submit(Lane lane, String title, Job<T> job, Consumer<? super T> onDone,
                                Consumer<? super Throwable> onFailed) {
        SimpleJob handle = new SimpleJob(title);
        observer.started(handle);
        lanes.get(lane).execute(() -> runJob(handle, job, onDone, onFailed));
        return handle;
    }

    private <T> void runJob(SimpleJob handle, Job<T> job, Consumer<? super T> onDone, Consumer<? super Throwable> onFailed) {
        if (handle.isCancelled()) {
            finish(handle, null);
            return;
        }
        ProgressContext ctx = new ProgressContext(handle);
        Runnable callback;
        try {
            T result = job.run(ctx);
            callback = () -> onDone.accept(result);
        } catch (Exception | Error e) {
            callback = () -> onFailed.accept(e);
        }
        finish(handle, callback);
    }

    private void finish(SimpleJob handle, Runnable callback) {
        Platform.runLater(() -> {
            try {
                if (callback != null && !handle.isCancelled()) {
                    callback.run();
                }
            } finally {
                handle.markDone();
                observer.finished(handle);
            }
        });
    }

    @Override
    public void onUi(Runnable action) {
        Platform.runLater(action);
    }

    @Override
    public Runnable schedule(long delayMillis, Runnable action) {
        ScheduledFuture<?> f = timer.schedule(() -> Platform.runLater(action), delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        lanes.values().forEach(ExecutorService::shutdownNow);
        timer.shutdownNow();
    }

    /**
     * Lets queued work finish (label writes, closing the model) for at most {@code millis}, then
     * stops. For exit only: it blocks the caller.
     */
    public void drain(long millis) {
        timer.shutdownNow();
        long end = System.nanoTime() + millis * 1_000_000L;
        for (ExecutorService lane : lanes.values()) {
            lane.shutdown();
        }
        try {
            for (ExecutorService lane : lanes.values()) {
                lane.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * Progress coalesced to one pending FX update per job, at most one per
     * {@link #PROGRESS_INTERVAL_MS}; the newest value wins. A generation reports every token and an
     * index build every block: passing each on would re-lay out and repaint the status bar on
     * every frame, FX-thread and renderer time that a 2-core machine takes from the pulses.
     */
    private final class ProgressContext implements JobContext {
        private final SimpleJob handle;
        private final AtomicBoolean pending = new AtomicBoolean();
        private volatile long lastPostedNanos;
        private volatile double fraction;
        private volatile String message = "";

        ProgressContext(SimpleJob handle) {
            this.handle = handle;
        }

        @Override
        public boolean isCancelled() {
            return handle.isCancelled();
        }

        @Override
        public void progress(double newFraction, String newMessage) {
            fraction = newFraction;
            message = newMessage;
            if (!pending.compareAndSet(false, true)) {
                return; // an update is on its way and will carry these values
            }
            long wait = PROGRESS_INTERVAL_MS - (System.nanoTime() - lastPostedNanos) / 1_000_000L;
            if (wait <= 0) {
                Platform.runLater(this::post);
            } else {
                try {
                    timer.schedule(() -> Platform.runLater(this::post), wait, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    pending.set(false); // the runner is shutting down: nobody is watching
                }
            }
        }

        private void post() {
            lastPostedNanos = System.nanoTime();
            pending.set(false);
            if (!handle.isDone()) {
                observer.progressed(handle, fraction, message);
            }
        }

        @Override
        public void ui(Runnable action) {
            Platform.runLater(action);
        }
    }
}
