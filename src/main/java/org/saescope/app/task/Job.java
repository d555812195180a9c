package org.saescope.app.task;

/** Work that runs off the UI thread and produces a plain Java result. */
@FunctionalInterface
public interface Job<T> {
    T run(JobContext context) throws Exception;
}
