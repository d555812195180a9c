package org.saescope.app.task;

/** A submitted job, as the status bar and the view model that started it see it. */
public interface JobHandle {
    String title();

    /** Asks the job to stop; its result, if it still produces one, is dropped. */
    void cancel();

    boolean isCancelled();

    /** True once it finished, failed or was cancelled and its callbacks (if any) have run. */
    boolean isDone();
}
