package org.saescope.app.lab;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.saescope.lab.PhaseDiagram;
import org.saescope.lab.PhaseDiagramSpec;
import org.saescope.lab.ToyModelPreset;
import org.saescope.lab.ToyModelResult;
import org.saescope.lab.ToyModelSpec;
import org.saescope.lab.ToyProgress;
import org.saescope.lab.ToySaeArch;
import org.saescope.lab.ToySaeProgress;
import org.saescope.lab.ToySaeResult;
import org.saescope.lab.ToySaeSpec;
import org.saescope.lab.ToySnapshot;

/**
 * State and commands of the superposition lab. Inputs are plain writable properties the view
 * binds controls to; results are read-only properties that change only on the FX thread (the
 * {@code fx} executor: {@code Platform::runLater} in the app, a direct executor in tests). Work goes
 * through {@link LabRunner}; progress from its threads is coalesced so the FX thread never waits
 * and never falls behind.
 */
public final class LabViewModel {
    private final LabRunner runner;
    private final Executor fx;

    // Toy model inputs.
    private final ObjectProperty<ToyModelPreset> preset = new SimpleObjectProperty<>(ToyModelPreset.PENTAGON);
    private final IntegerProperty n = new SimpleIntegerProperty();
    private final IntegerProperty m = new SimpleIntegerProperty();
    private final IntegerProperty instances = new SimpleIntegerProperty();
    private final DoubleProperty maxDensity = new SimpleDoubleProperty();
    private final DoubleProperty minDensity = new SimpleDoubleProperty();
    private final DoubleProperty importanceDecay = new SimpleDoubleProperty();
    private final IntegerProperty steps = new SimpleIntegerProperty();
    private final IntegerProperty batchSize = new SimpleIntegerProperty();
    private final IntegerProperty seed = new SimpleIntegerProperty(1);
    private final IntegerProperty selectedInstance = new SimpleIntegerProperty();

    // SAE inputs.
    private final ObjectProperty<ToySaeArch> saeArch = new SimpleObjectProperty<>(ToySaeArch.RELU_L1);
    private final IntegerProperty saeLatents = new SimpleIntegerProperty(10);
    private final DoubleProperty saeL1 = new SimpleDoubleProperty(ToySaeSpec.defaults(5).l1Coefficient());
    private final IntegerProperty saeK = new SimpleIntegerProperty(1);
    private final IntegerProperty saeSteps = new SimpleIntegerProperty(ToySaeSpec.defaults(5).steps());
    private final BooleanProperty resampleDead = new SimpleBooleanProperty(false);

    // Outputs.
    private final ReadOnlyBooleanWrapper training = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper phaseRunning = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper saeTraining = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Choose a preset and train.");
    private final ReadOnlyStringWrapper saeStatus = new ReadOnlyStringWrapper("Train a toy model first.");
    private final ReadOnlyObjectWrapper<ToySnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LossHistory> lossHistory = new ReadOnlyObjectWrapper<>(LossHistory.EMPTY);
    private final ReadOnlyObjectWrapper<PhaseDiagram> phaseDiagram = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SaeTarget> saeTarget = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ToySaeProgress> saeProgress = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LossHistory> mmcsHistory = new ReadOnlyObjectWrapper<>(LossHistory.EMPTY);

    private final FxCoalescer<ToyProgress> toyUpdates;
    private final FxCoalescer<ToyProgress> phaseUpdates;
    private final FxCoalescer<ToySaeProgress> saeUpdates;
    private LabTask<?> toyTask;
    private LabTask<?> phaseTask;
    private LabTask<?> saeTask;

    public LabViewModel(LabRunner runner, Executor fx) {
        this.runner = runner;
        this.fx = fx;
        toyUpdates = new FxCoalescer<>(fx, this::applyToyProgress);
        phaseUpdates = new FxCoalescer<>(fx, items -> {
            ToyProgress last = items.get(items.size() - 1);
            status.set(String.format("Phase diagram: step %d / %d", last.step(), last.totalSteps()));
        });
        saeUpdates = new FxCoalescer<>(fx, this::applySaeProgress);
        applyPreset(ToyModelPreset.PENTAGON);
        preset.addListener((obs, old, p) -> {
            if (p != null) {
                applyPreset(p);
            }
        });
    }

    /** Copies a preset's settings into the inputs. */
    public void applyPreset(ToyModelPreset p) {
        if (preset.get() != p) {
            preset.set(p); // the listener comes back here
            return;
        }
        n.set(p.n());
        m.set(p.m());
        instances.set(p.instances());
        maxDensity.set(p.maxDensity());
        minDensity.set(p.minDensity());
        importanceDecay.set(p.importanceDecay());
        steps.set(p.steps());
        batchSize.set(p.batchSize());
        selectedInstance.set(p.instances() - 1);
        saeLatents.set(2 * p.n());
    }

    /** The spec the inputs describe; IllegalArgumentException names what is wrong. */
    public ToyModelSpec toySpec() {
        if (minDensity.get() > maxDensity.get()) {
            throw new IllegalArgumentException("the sparse end (min 1 − S) must not exceed the dense end");
        }
        return ToyModelSpec.sweep(n.get(), m.get(), instances.get(), maxDensity.get(), minDensity.get(),
                importanceDecay.get(), steps.get(), seed.get()).withBatchSize(batchSize.get());
    }

    /** Starts training in the background; ignored while a run is going. */
    public void train() {
        if (training.get()) {
            return;
        }
        ToyModelSpec spec;
        try {
            spec = toySpec();
        } catch (IllegalArgumentException e) {
            status.set("Cannot train: " + e.getMessage());
            return;
        }
        lossHistory.set(LossHistory.EMPTY);
        selectedInstance.set(Math.min(selectedInstance.get(), spec.instances() - 1));
        training.set(true);
        status.set(String.format("Training %d instances of %d→%d …", spec.instances(), spec.n(), spec.m()));
        LabTask<ToyModelResult> task = runner.trainToyModels(spec, toyUpdates::offer);
        toyTask = task;
        whenDone(task.result(), toyUpdates::drainNow, r -> {
            snapshot.set(r.snapshot());
            status.set(r.cancelled() ? "Cancelled at step " + r.snapshot().step() : "Trained " + r.snapshot().step() + " steps.");
        }, e -> status.set("Training failed: " + e.getMessage()), () -> training.set(false));
    }

    public void cancel() {
        if (toyTask != null) {
            toyTask.cancel();
        }
    }

    /** Trains the 2→1 grid in the background and publishes the classified diagram. */
    public void computePhaseDiagram() {
        if (phaseRunning.get()) {
            return;
        }
        PhaseDiagramSpec d = PhaseDiagramSpec.defaults();
        PhaseDiagramSpec spec = new PhaseDiagramSpec(d.densityCells(), d.importanceCells(), d.minDensity(),
                d.minRelativeImportance(), d.maxRelativeImportance(), d.steps(), seed.get());
        phaseRunning.set(true);
        status.set("Computing the 2→1 phase diagram …");
        LabTask<PhaseDiagram> task = runner.phaseDiagram(spec, phaseUpdates::offer);
        phaseTask = task;
        whenDone(task.result(), phaseUpdates::drainNow, p -> {
            phaseDiagram.set(p);
            status.set("Phase diagram ready.");
        }, e -> status.set("Phase diagram failed: " + e.getMessage()), () -> phaseRunning.set(false));
    }

    public void cancelPhaseDiagram() {
        if (phaseTask != null) {
            phaseTask.cancel();
        }
    }

    /** Trains an SAE on the hidden activations of the selected instance of the last snapshot. */
    public void trainSae() {
        ToySnapshot s = snapshot.get();
        if (saeTraining.get()) {
            return;
        }
        if (s == null) {
            saeStatus.set("Train a toy model first.");
            return;
        }
        int t = Math.max(0, Math.min(selectedInstance.get(), s.instances() - 1));
        ToySaeSpec spec;
        try {
            spec = new ToySaeSpec(saeArch.get(), saeLatents.get(), saeL1.get(), saeK.get(), 3e-3, 1024,
                    saeSteps.get(), seed.get(), resampleDead.get(), 200, Math.max(1, saeSteps.get() / 60));
        } catch (IllegalArgumentException e) {
            saeStatus.set("Cannot train the SAE: " + e.getMessage());
            return;
        }
        SaeTarget target = new SaeTarget(s.w()[t].clone(), s.n(), s.m(), s.featureProbability()[t]);
        saeTarget.set(target);
        saeProgress.set(null);
        mmcsHistory.set(LossHistory.EMPTY);
        saeTraining.set(true);
        saeStatus.set(String.format("Training an SAE on instance %d (1 − S = %.3g) …", t, target.featureProbability()));
        LabTask<ToySaeResult> task = runner.trainSae(target.w(), target.n(), target.m(), target.featureProbability(),
                spec, saeUpdates::offer);
        saeTask = task;
        whenDone(task.result(), saeUpdates::drainNow, r -> saeStatus.set(String.format(
                        "%s: MMCS %.3f, %d dead, %d resampled", r.cancelled() ? "Cancelled" : "Done", r.mmcs(),
                        r.deadLatents(), r.resampled())),
                e -> saeStatus.set("SAE training failed: " + e.getMessage()), () -> saeTraining.set(false));
    }

    public void cancelSae() {
        if (saeTask != null) {
            saeTask.cancel();
        }
    }

    private void applyToyProgress(List<ToyProgress> items) {
        LossHistory h = lossHistory.get();
        for (ToyProgress p : items) {
            h = h.plus(p.step(), p.loss());
        }
        lossHistory.set(h);
        ToyProgress last = items.get(items.size() - 1);
        snapshot.set(last.snapshot());
        status.set(String.format("Step %d / %d", last.step(), last.totalSteps()));
    }

    private void applySaeProgress(List<ToySaeProgress> items) {
        LossHistory h = mmcsHistory.get();
        for (ToySaeProgress p : items) {
            h = h.plus(p.step(), new double[] {p.mmcs()});
        }
        mmcsHistory.set(h);
        ToySaeProgress last = items.get(items.size() - 1);
        saeProgress.set(last);
        saeStatus.set(String.format("Step %d / %d: MMCS %.3f, %d dead latents, %d resampled", last.step(),
                last.totalSteps(), last.mmcs(), last.deadLatents(), last.resampledSoFar()));
    }

    private <T> void whenDone(CompletableFuture<T> future, Runnable flush, Consumer<T> ok, Consumer<Throwable> failed,
                              Runnable always) {
        future.whenComplete((r, e) -> fx.execute(() -> {
            flush.run();
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                failed.accept(cause);
            } else {
                ok.accept(r);
            }
            always.run();
        }));
    }

    public ObjectProperty<ToyModelPreset> presetProperty() {
        return preset;
    }

    public IntegerProperty nProperty() {
        return n;
    }

    public IntegerProperty mProperty() {
        return m;
    }

    public IntegerProperty instancesProperty() {
        return instances;
    }

    public DoubleProperty maxDensityProperty() {
        return maxDensity;
    }

    public DoubleProperty minDensityProperty() {
        return minDensity;
    }

    public DoubleProperty importanceDecayProperty() {
        return importanceDecay;
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    public IntegerProperty selectedInstanceProperty() {
        return selectedInstance;
    }

    public ObjectProperty<ToySaeArch> saeArchProperty() {
        return saeArch;
    }

    public IntegerProperty saeLatentsProperty() {
        return saeLatents;
    }

    public DoubleProperty saeL1Property() {
        return saeL1;
    }

    public IntegerProperty saeKProperty() {
        return saeK;
    }

    public IntegerProperty saeStepsProperty() {
        return saeSteps;
    }

    public BooleanProperty resampleDeadProperty() {
        return resampleDead;
    }

    public ReadOnlyBooleanProperty trainingProperty() {
        return training.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty phaseRunningProperty() {
        return phaseRunning.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty saeTrainingProperty() {
        return saeTraining.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty saeStatusProperty() {
        return saeStatus.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ToySnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LossHistory> lossHistoryProperty() {
        return lossHistory.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PhaseDiagram> phaseDiagramProperty() {
        return phaseDiagram.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SaeTarget> saeTargetProperty() {
        return saeTarget.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ToySaeProgress> saeProgressProperty() {
        return saeProgress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LossHistory> mmcsHistoryProperty() {
        return mmcsHistory.getReadOnlyProperty();
    }
}
