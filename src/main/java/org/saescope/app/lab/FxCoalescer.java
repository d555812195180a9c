package org.saescope.app.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands items from a training thread to the FX thread without ever making either wait: items
 * queue up, and at most one drain is scheduled at a time, so a burst of progress becomes one
 * update on the next pulse rather than a flood of runLater calls.
 */
final class FxCoalescer<T> {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor fx;
    private final Consumer<List<T>> drain;

    FxCoalescer(Executor fx, Consumer<List<T>> drain) {
        this.fx = fx;
        this.drain = drain;
    }

    /** Any thread. */
    void offer(T item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            fx.execute(this::drainNow);
        }
    }

    /** FX thread: also called before applying a final result, so no progress arrives after it. */
    void drainNow() {
        scheduled.set(false);
        List<T> items = new ArrayList<>();
        for (T t; (t = queue.poll()) != null; ) {
            items.add(t);
        }
        if (!items.isEmpty()) {
            drain.accept(items);
        }
    }
}
