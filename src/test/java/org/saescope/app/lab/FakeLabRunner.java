package org.saescope.app.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.saescope.lab.PhaseDiagram;
import org.saescope.lab.PhaseDiagramSpec;
import org.saescope.lab.PhaseRegime;
import org.saescope.lab.ToyModelResult;
import org.saescope.lab.ToyModelSpec;
import org.saescope.lab.ToyProgress;
import org.saescope.lab.ToyProgressListener;
import org.saescope.lab.ToySaeListener;
import org.saescope.lab.ToySaeProgress;
import org.saescope.lab.ToySaeResult;
import org.saescope.lab.ToySaeSpec;
import org.saescope.lab.ToySnapshot;

/**
 * A runner that does no training: each call records its arguments and hands back a task the test
 * drives by hand (emit progress, complete, fail), on the test thread.
 */
final class FakeLabRunner implements LabRunner {
    static final class Task<T> implements LabTask<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();
        boolean cancelled;

        @Override
        public CompletableFuture<T> result() {
            return future;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    final List<ToyModelSpec> toySpecs = new ArrayList<>();
    ToyProgressListener toyListener;
    Task<ToyModelResult> toyTask;
    PhaseDiagramSpec phaseSpec;
    Task<PhaseDiagram> phaseTask;
    double[] saeW;
    double saeProbability;
    ToySaeSpec saeSpec;
    ToySaeListener saeListener;
    Task<ToySaeResult> saeTask;

    @Override
    public LabTask<ToyModelResult> trainToyModels(ToyModelSpec spec, ToyProgressListener listener) {
        toySpecs.add(spec);
        toyListener = listener;
        toyTask = new Task<>();
        return toyTask;
    }

    @Override
    public LabTask<PhaseDiagram> phaseDiagram(PhaseDiagramSpec spec, ToyProgressListener listener) {
        phaseSpec = spec;
        phaseTask = new Task<>();
        return phaseTask;
    }

    @Override
    public LabTask<ToySaeResult> trainSae(double[] w, int n, int m, double featureProbability, ToySaeSpec spec,
                                          ToySaeListener listener) {
        saeW = w;
        saeProbability = featureProbability;
        saeSpec = spec;
        saeListener = listener;
        saeTask = new Task<>();
        return saeTask;
    }

    /** A snapshot of the last spec where every weight equals value (instance t's W filled with value + t). */
    static ToySnapshot snapshot(ToyModelSpec spec, int step, double value) {
        double[][] w = new double[spec.instances()][spec.n() * spec.m()];
        double[][] b = new double[spec.instances()][spec.n()];
        for (int t = 0; t < w.length; t++) {
            java.util.Arrays.fill(w[t], value + t);
        }
        return new ToySnapshot(step, spec.n(), spec.m(), spec.featureProbability(), w, b);
    }

    void emitToy(int step, double lossValue) {
        ToyModelSpec spec = toySpecs.get(toySpecs.size() - 1);
        double[] loss = new double[spec.instances()];
        java.util.Arrays.fill(loss, lossValue);
        toyListener.onProgress(new ToyProgress(step, spec.steps(), loss, snapshot(spec, step, step)));
    }

    void finishToy(int step, boolean cancelled) {
        ToyModelSpec spec = toySpecs.get(toySpecs.size() - 1);
        toyTask.future.complete(new ToyModelResult(spec, snapshot(spec, step, step), new double[spec.instances()], cancelled));
    }

    static PhaseDiagram diagram() {
        return new PhaseDiagram(new double[] {1}, new double[] {1}, new PhaseRegime[][] {{PhaseRegime.SUPERPOSED}});
    }

    void emitSae(int step, double mmcs) {
        saeListener.onProgress(new ToySaeProgress(step, saeSpec.steps(), 0.1, mmcs, 2, 0, new double[saeSpec.dSae() * 2]));
    }
}
