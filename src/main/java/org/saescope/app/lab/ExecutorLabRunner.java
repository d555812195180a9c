package org.saescope.app.lab;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.saescope.lab.PhaseDiagram;
import org.saescope.lab.PhaseDiagramSpec;
import org.saescope.lab.ToyModelResult;
import org.saescope.lab.ToyModelSpec;
import org.saescope.lab.ToyModelTrainer;
import org.saescope.lab.ToyProgressListener;
import org.saescope.lab.ToySaeListener;
import org.saescope.lab.ToySaeResult;
import org.saescope.lab.ToySaeSpec;
import org.saescope.lab.ToySaeTrainer;

/**
 * Runs lab work on daemon background threads (one per task; the toy trainer fans out over its own
 * small pool). Cancelling sets a flag the core checks every step.
 */
public final class ExecutorLabRunner implements LabRunner {
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab-task");
        t.setDaemon(true);
        return t;
    });
    private final int threads;

    /** threads ≤ 0: one training thread per core. */
    public ExecutorLabRunner(int threads) {
        this.threads = threads;
    }

    @Override
    public LabTask<ToyModelResult> trainToyModels(ToyModelSpec spec, ToyProgressListener listener) {
        return submit(cancelled -> new ToyModelTrainer(threads).train(spec, listener, cancelled));
    }

    @Override
    public LabTask<PhaseDiagram> phaseDiagram(PhaseDiagramSpec spec, ToyProgressListener listener) {
        return submit(cancelled -> PhaseDiagram.compute(spec, new ToyModelTrainer(threads), listener, cancelled));
    }

    @Override
    public LabTask<ToySaeResult> trainSae(double[] w, int n, int m, double featureProbability, ToySaeSpec spec,
                                          ToySaeListener listener) {
        double[] copy = w.clone();
        return submit(cancelled -> ToySaeTrainer.train(copy, n, m, featureProbability, spec, listener, cancelled));
    }

    private <T> LabTask<T> submit(Function<BooleanSupplier, T> work) {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> work.apply(cancelled::get), executor);
        return new LabTask<>() {
            @Override
            public CompletableFuture<T> result() {
                return future;
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        };
    }
}
