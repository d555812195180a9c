package org.saescope.app.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the status bar shows: the jobs running now, the newest one's title, progress and message,
 * and a cancel that stops every running job. Updated on the UI thread by the runner.
 *
 * <p>A job appears in the bar only once it has run for the delay set by {@link #showAfter} (none
 * by default). A prompt run takes tens of milliseconds: showing it would flash the bar, its
 * animated progress and the Cancel button for a frame or two and cost a re-layout and a repaint
 * of the window on each change, which on a 2-core machine with software rendering is what delays
 * the heatmap itself. {@link #running()} and {@link #cancelAll()} cover every job, shown or not.
 */
public final class JobsModel implements JobObserver {
    /** Delay before a job shows in the status bar: longer than a prompt run, short enough to feel at once. */
    public static final long SHOW_AFTER_MS = 300;

    /** Runs an action on the UI thread after a delay; returns what cancels it. */
    @FunctionalInterface
    public interface Delay {
        Runnable after(long millis, Runnable action);
    }

    private final ObservableList<JobHandle> running = FXCollections.observableArrayList();
    private final List<JobHandle> shown = new ArrayList<>();
    private final Map<JobHandle, Runnable> pendingShow = new HashMap<>();
    /** The newest progress of each job not shown yet, to show when it is. */
    private final Map<JobHandle, Reported> hiddenProgress = new HashMap<>();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("Ready");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper lastFinished = new ReadOnlyStringWrapper("");
    private long showAfterMillis;
    private Delay delay;

    /** Shows a job only after it has run {@code millis} (0: at once), timed by {@code delay}. */
    public void showAfter(long millis, Delay newDelay) {
        this.showAfterMillis = millis;
        this.delay = newDelay;
    }

    private record Reported(double fraction, String message) {
    }

    @Override
    public void started(JobHandle job) {
        running.add(job);
        if (delay == null || showAfterMillis <= 0) {
            show(job);
        } else {
            pendingShow.put(job, delay.after(showAfterMillis, () -> {
                if (pendingShow.remove(job) != null && running.contains(job)) {
                    show(job);
                }
            }));
        }
    }

    private void show(JobHandle job) {
        shown.add(job);
        count.set(shown.size());
        Reported r = hiddenProgress.remove(job);
        if (r != null) {
            showProgress(job, r.fraction(), r.message());
        } else {
            text.set(job.title() + "…");
            progress.set(-1);
        }
    }

    @Override
    public void progressed(JobHandle job, double fraction, String message) {
        if (!shown.contains(job)) {
            if (running.contains(job)) {
                hiddenProgress.put(job, new Reported(fraction, message));
            }
            return;
        }
        if (shown.get(shown.size() - 1) == job) {
            showProgress(job, fraction, message);
        }
    }

    private void showProgress(JobHandle job, double fraction, String message) {
        text.set(message == null || message.isBlank() ? job.title() + "…" : job.title() + ": " + message);
        progress.set(fraction);
    }

    @Override
    public void finished(JobHandle job) {
        running.remove(job);
        hiddenProgress.remove(job);
        Runnable pending = pendingShow.remove(job);
        if (pending != null) {
            pending.run(); // cancels the delayed show
        }
        lastFinished.set(job.title() + (job.isCancelled() ? " (cancelled)" : ""));
        if (!shown.remove(job)) {
            return; // never shown, so nothing in the bar changes
        }
        count.set(shown.size());
        if (shown.isEmpty()) {
            text.set(job.isCancelled() ? job.title() + " cancelled" : "Ready");
            progress.set(0);
        } else {
            JobHandle top = shown.get(shown.size() - 1);
            text.set(top.title() + "…");
            progress.set(-1);
        }
    }

    /** Cancels every running job (the status bar's Cancel button, Esc), shown or not yet. */
    public void cancelAll() {
        for (JobHandle j : running) {
            j.cancel();
        }
    }

    /** Every running job, including those not shown yet. */
    public ObservableList<JobHandle> running() {
        return FXCollections.unmodifiableObservableList(running);
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** How many jobs the bar shows (running for longer than the delay). */
    public ReadOnlyIntegerProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastFinishedProperty() {
        return lastFinished.getReadOnlyProperty();
    }
}
