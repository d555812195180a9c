package org.saescope.app.task;

/** The plain {@link JobHandle} both runners hand out: a title and two flags. */
final class SimpleJob implements JobHandle {
    private final String title;
    private volatile boolean cancelled;
    private volatile boolean done;

    SimpleJob(String title) {
        this.title = title;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    void markDone() {
        done = true;
    }

    @Override
    public String toString() {
        return title;
    }
}
