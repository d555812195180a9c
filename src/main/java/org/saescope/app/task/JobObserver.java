package org.saescope.app.task;

/**
 * Hears about every job's life, on the UI thread (the status bar is one). Kept free of JavaFX so
 * the runners stay testable without a toolkit.
 */
public interface JobObserver {
    void started(JobHandle job);

    void progressed(JobHandle job, double fraction, String message);

    void finished(JobHandle job);

    JobObserver NONE = new JobObserver() {
        @Override
        public void started(JobHandle job) {
        }

        @Override
        public void progressed(JobHandle job, double fraction, String message) {
        }

        @Override
        public void finished(JobHandle job) {
        }
    };
}
