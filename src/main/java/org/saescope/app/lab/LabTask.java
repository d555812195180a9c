package org.saescope.app.lab;

import java.util.concurrent.CompletableFuture;

/** A piece of lab work running in the background: its eventual result, and a way to stop it. */
public interface LabTask<T> {
    CompletableFuture<T> result();

    /** Asks the work to stop; the result then completes with a partial (cancelled) outcome. */
    void cancel();
}
