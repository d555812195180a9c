package org.saescope.sae.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one small pool the CPU kernels split their work over: as many daemon threads as the machine
 * has processors, or as the system property {@value SaeKernels#THREADS_PROPERTY} says (read once, when the
 * first kernel runs; the desktop app sets it to leave a core to the UI). It is shared by every kernel in the JVM (two SAEs open at once must not start
 * twice as many threads as there are cores) and never shut down (daemon threads do not keep the
 * JVM alive).
 */
final class KernelThreads {
    private static final int THREADS = Math.max(1, Integer.getInteger(SaeKernels.THREADS_PROPERTY,
            Runtime.getRuntime().availableProcessors()));
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "saescope-kernel-" + COUNTER.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** Work on part {@code part} of a split: the half-open range [from, to) of some index space. */
    @FunctionalInterface
    interface RangeTask {
        void run(int part, int from, int to);
    }

    private KernelThreads() {
    }

    static int threads() {
        return THREADS;
    }

    /**
     * Splits [0, n) into at most {@code parts} contiguous parts and runs them in parallel, the
     * caller's thread doing the last part; returns when all are done. Parts are contiguous so each
     * worker's output stays in index order.
     */
    static void parallelFor(int n, int parts, RangeTask task) {
        int p = Math.max(1, Math.min(parts, n));
        if (p == 1) {
            task.run(0, 0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(p - 1);
        for (int i = 0; i < p - 1; i++) {
            int part = i;
            int from = (int) ((long) n * i / p);
            int to = (int) ((long) n * (i + 1) / p);
            futures.add(POOL.submit(() -> task.run(part, from, to)));
        }
        task.run(p - 1, (int) ((long) n * (p - 1) / p), n);
        awaitAll(futures);
    }

    /**
     * Runs {@code task} over [0, n) in pieces of {@code piece} indices that the caller and the
     * pool's threads claim as they come: the caller starts at once and nobody waits for a thread
     * that wakes late (on a virtual machine, waking a parked thread took up to half a millisecond,
     * which a fixed split paid for on every call). Returns when every piece is done. The task's
     * {@code part} is a worker id: 0 for the caller, 1 .. threads()-1 for helpers. A helper that
     * starts after every piece is claimed does nothing, so ids stay unique among workers doing work.
     */
    static void shareWork(int n, int piece, RangeTask task) {
        shareWork(n, piece, THREADS, task);
    }

    /**
     * As {@link #shareWork(int, int, RangeTask)} with at most {@code workers} workers (the caller
     * and up to {@code workers - 1} pool threads; at most one more than the pool has).
     */
    static void shareWork(int n, int piece, int workers, RangeTask task) {
        if (n <= 0) {
            return;
        }
        int helpers = (int) Math.min(Math.min(workers, THREADS + 1) - 1L, (n - 1L) / Math.max(1, piece));
        if (helpers <= 0) {
            task.run(0, 0, n);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int h = 1; h <= helpers; h++) {
            int id = h;
            POOL.execute(() -> claim(id, n, piece, next, done, failure, task));
        }
        claim(0, n, piece, next, done, failure, task);
        // Only pieces already claimed are left: each is short, so wait actively, then politely.
        for (int spins = 0; done.get() < n; spins++) {
            if (spins < 20_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable e = failure.get();
        if (e != null) {
            throw rethrown(e);
        }
    }

    /** A worker's failure as the caller throws it: unchecked ones as they are. */
    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e);
    }

    private static void claim(int id, int n, int piece, AtomicInteger next, AtomicInteger done,
                              AtomicReference<Throwable> failure, RangeTask task) {
        int from;
        while ((from = next.getAndAdd(piece)) < n) {
            int to = Math.min(n, from + piece);
            try {
                if (failure.get() == null) {
                    task.run(id, from, to);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                done.addAndGet(to - from);
            }
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for kernel threads", e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static void awaitAll(List<Future<?>> futures) {
        RuntimeException first = null;
        for (Future<?> f : futures) {
            try {
                await(f);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
