package org.saescope.app.task;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The JavaFX runner: one daemon thread per {@link Lane}, results and progress posted to the FX
 * thread with {@link Platform#runLater}. Progress is coalesced (at most one pending update per
 * job) so a fast loop cannot flood the FX event queue and stall pulses.
 */
public final class FxBackgroundRunner implements BackgroundRunner {
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

    /** Progress coalesced to one pending FX update per job; the newest value wins. */
    private final class ProgressContext implements JobContext {
        private final SimpleJob handle;
        private final AtomicLong pending = new AtomicLong();
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
            if (pending.getAndIncrement() == 0) {
                Platform.runLater(() -> {
                    pending.set(0);
                    observer.progressed(handle, fraction, message);
                });
            }
        }

        @Override
        public void ui(Runnable action) {
            Platform.runLater(action);
        }
    }
}
