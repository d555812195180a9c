package org.saescope.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Trains every instance of a {@link ToyModelSpec} in parallel on a small pool. Work goes in
 * rounds of {@code snapshotEvery} steps: each instance runs its round as one task, and after the
 * round the listener gets every instance's loss and a snapshot. Each instance owns a random
 * stream split off the seed in instance order, so results do not depend on the thread count.
 * Cancellation (the supplier, or interrupting the calling thread) is checked every step.
 */
public final class ToyModelTrainer {
    private final int threads;

    /** threads ≤ 0 means one per core. */
    public ToyModelTrainer(int threads) {
        this.threads = threads;
    }

    public ToyModelResult train(ToyModelSpec spec, ToyProgressListener listener, BooleanSupplier cancelled) {
        List<ToyInstance> instances = createInstances(spec);
        int poolSize = threads > 0 ? Math.min(threads, instances.size()) : LabThreads.defaultThreads(instances.size());
        ExecutorService pool = LabThreads.pool(poolSize);
        BooleanSupplier stop = () -> cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
        double[] loss = new double[instances.size()];
        java.util.Arrays.fill(loss, Double.NaN);
        int step = 0;
        boolean wasCancelled = false;
        try {
            while (step < spec.steps()) {
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    wasCancelled = true;
                    break;
                }
                int round = Math.min(spec.snapshotEvery(), spec.steps() - step);
                List<Callable<Double>> tasks = new ArrayList<>();
                for (ToyInstance inst : instances) {
                    tasks.add(() -> inst.train(round, stop));
                }
                List<Future<Double>> done = pool.invokeAll(tasks);
                for (int t = 0; t < loss.length; t++) {
                    loss[t] = done.get(t).get();
                }
                if (cancelled.getAsBoolean()) {
                    // A partial round leaves instances at different steps: report nothing for it.
                    wasCancelled = true;
                    break;
                }
                step += round;
                listener.onProgress(new ToyProgress(step, spec.steps(), loss.clone(), snapshot(spec, instances, step)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            wasCancelled = true;
        } catch (ExecutionException e) {
            throw new IllegalStateException("toy model training failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new ToyModelResult(spec, snapshot(spec, instances, step), loss, wasCancelled);
    }

    private static List<ToyInstance> createInstances(ToyModelSpec spec) {
        SplittableRandom root = new SplittableRandom(spec.seed());
        List<ToyInstance> out = new ArrayList<>();
        for (int t = 0; t < spec.instances(); t++) {
            out.add(new ToyInstance(spec.n(), spec.m(), spec.featureProbability(t), spec.importance(t),
                    spec.batchSize(), spec.learningRate(), root.split()));
        }
        return out;
    }

    private static ToySnapshot snapshot(ToyModelSpec spec, List<ToyInstance> instances, int step) {
        double[][] w = new double[instances.size()][];
        double[][] b = new double[instances.size()][];
        for (int t = 0; t < w.length; t++) {
            w[t] = instances.get(t).w.clone();
            b[t] = instances.get(t).b.clone();
        }
        return new ToySnapshot(step, spec.n(), spec.m(), spec.featureProbability(), w, b);
    }
}
