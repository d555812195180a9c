package org.saescope.app.task;

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
 */
public final class JobsModel implements JobObserver {
    private final ObservableList<JobHandle> running = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("Ready");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper lastFinished = new ReadOnlyStringWrapper("");

    @Override
    public void started(JobHandle job) {
        running.add(job);
        count.set(running.size());
        text.set(job.title() + "…");
        progress.set(-1);
    }

    @Override
    public void progressed(JobHandle job, double fraction, String message) {
        if (!running.isEmpty() && running.get(running.size() - 1) == job) {
            text.set(message == null || message.isBlank() ? job.title() + "…" : job.title() + ": " + message);
            progress.set(fraction);
        }
    }

    @Override
    public void finished(JobHandle job) {
        running.remove(job);
        count.set(running.size());
        lastFinished.set(job.title() + (job.isCancelled() ? " (cancelled)" : ""));
        if (running.isEmpty()) {
            text.set(job.isCancelled() ? job.title() + " cancelled" : "Ready");
            progress.set(0);
        } else {
            JobHandle top = running.get(running.size() - 1);
            text.set(top.title() + "…");
            progress.set(-1);
        }
    }

    /** Cancels every running job (the status bar's Cancel button). */
    public void cancelAll() {
        for (JobHandle j : running) {
            j.cancel();
        }
    }

    public ObservableList<JobHandle> running() {
        return FXCollections.unmodifiableObservableList(running);
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastFinishedProperty() {
        return lastFinished.getReadOnlyProperty();
    }
}
