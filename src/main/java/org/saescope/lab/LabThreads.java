package org.saescope.lab;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The small pool the lab trains on: daemon threads, so a forgotten pool never holds the JVM open. */
final class LabThreads {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private LabThreads() {
    }

    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lab-worker-" + COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One worker per core, at most, and never more than there is work for. */
    static int defaultThreads(int work) {
        return Math.max(1, Math.min(work, Runtime.getRuntime().availableProcessors()));
    }
}
