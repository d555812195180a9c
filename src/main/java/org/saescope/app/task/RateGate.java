package org.saescope.app.task;

/**
 * Lets an update through at most once per interval: a background job streaming partial results
 * (a continuation, token by token) asks it before each post, so the UI re-lays out a growing
 * text a dozen times a second instead of once per token. The caller posts the final result
 * regardless. One thread; times are {@link System#nanoTime()} values.
 */
public final class RateGate {
    private final long intervalNanos;
    private long last;
    private boolean passed;

    public RateGate(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** True, and the interval restarts, when the first call or at least one interval since the last pass. */
    public boolean tryPass(long nowNanos) {
        if (passed && nowNanos - last < intervalNanos) {
            return false;
        }
        passed = true;
        last = nowNanos;
        return true;
    }
}
