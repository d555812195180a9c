package org.saescope.app.task;

/**
 * Which background thread a job runs on. A model and an SAE are used from one thread at a time, so
 * everything that touches them queues on {@link #MODEL}; small file and database writes (label
 * saves, recent lists) go to {@link #IO} so that they never wait behind a long generation.
 */
public enum Lane {
    MODEL,
    IO
}
