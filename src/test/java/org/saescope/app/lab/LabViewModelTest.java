package org.saescope.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.saescope.lab.ToyModelPreset;
import org.saescope.lab.ToyModelSpec;
import org.saescope.lab.ToySaeArch;
import org.saescope.lab.ToySaeResult;

/** The view model without a stage: a fake runner and a hand-pumped "FX thread". */
class LabViewModelTest {
    private final FakeLabRunner runner = new FakeLabRunner();
    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final Executor fx = fxQueue::add;
    private final LabViewModel vm = new LabViewModel(runner, fx);

    private int pump() {
        int ran = 0;
        for (Runnable r; (r = fxQueue.poll()) != null; ran++) {
            r.run();
        }
        return ran;
    }

    @Test
    void choosingAPresetFillsTheInputs() {
        vm.presetProperty().set(ToyModelPreset.DIMENSIONALITY_100_20);
        assertThat(vm.nProperty().get()).isEqualTo(100);
        assertThat(vm.mProperty().get()).isEqualTo(20);
        assertThat(vm.importanceDecayProperty().get()).isEqualTo(1.0);
        assertThat(vm.minDensityProperty().get()).isEqualTo(ToyModelPreset.DIMENSIONALITY_100_20.minDensity());
        ToyModelSpec spec = vm.toySpec();
        assertThat(spec.instances()).isEqualTo(ToyModelPreset.DIMENSIONALITY_100_20.instances());
        assertThat(spec.batchSize()).isEqualTo(256);
    }

    @Test
    void trainingSendsTheInputsAndPublishesProgressOnTheFxThreadOnly() {
        vm.presetProperty().set(ToyModelPreset.PENTAGON);
        vm.stepsProperty().set(300);
        vm.seedProperty().set(7);
        vm.train();
        assertThat(vm.trainingProperty().get()).isTrue();
        ToyModelSpec sent = runner.toySpecs.get(0);
        assertThat(sent.n()).isEqualTo(5);
        assertThat(sent.steps()).isEqualTo(300);
        assertThat(sent.seed()).isEqualTo(7);

        runner.emitToy(100, 0.5);
        runner.emitToy(200, 0.25);
        assertThat(vm.lossHistoryProperty().get().size()).as("nothing changes off the FX thread").isZero();
        assertThat(vm.snapshotProperty().get()).isNull();
        assertThat(pump()).as("two progress reports coalesce into one FX update").isEqualTo(1);
        assertThat(vm.lossHistoryProperty().get().steps()).containsExactly(100, 200);
        assertThat(vm.lossHistoryProperty().get().values()[0]).containsExactly(0.5, 0.25);
        assertThat(vm.snapshotProperty().get().step()).isEqualTo(200);
        assertThat(vm.statusProperty().get()).contains("200 / 300");

        runner.emitToy(300, 0.125);
        runner.finishToy(300, false);
        pump();
        assertThat(vm.trainingProperty().get()).isFalse();
        assertThat(vm.lossHistoryProperty().get().steps()).containsExactly(100, 200, 300);
        assertThat(vm.statusProperty().get()).contains("Trained 300 steps");
    }

    @Test
    void cancelReachesTheTaskAndTheStatusSaysSo() {
        vm.train();
        vm.cancel();
        assertThat(runner.toyTask.cancelled).isTrue();
        runner.finishToy(50, true);
        pump();
        assertThat(vm.trainingProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).contains("Cancelled at step 50");
    }

    @Test
    void aSecondTrainWhileRunningIsIgnored() {
        vm.train();
        vm.train();
        assertThat(runner.toySpecs).hasSize(1);
    }

    @Test
    void badInputsAreReportedNotSent() {
        vm.mProperty().set(9); // more hidden dimensions than the 5 features
        vm.train();
        assertThat(runner.toySpecs).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("Cannot train").contains("m must be");
        assertThat(vm.trainingProperty().get()).isFalse();
    }

    @Test
    void aFailureEndsTheRunWithItsMessage() {
        vm.train();
        runner.toyTask.future.completeExceptionally(new IllegalStateException("boom"));
        pump();
        assertThat(vm.trainingProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Training failed: boom");
    }

    @Test
    void phaseDiagramRunsInTheBackgroundAndIsPublished() {
        vm.seedProperty().set(3);
        vm.computePhaseDiagram();
        assertThat(vm.phaseRunningProperty().get()).isTrue();
        assertThat(runner.phaseSpec.seed()).isEqualTo(3);
        runner.phaseTask.future.complete(FakeLabRunner.diagram());
        assertThat(vm.phaseDiagramProperty().get()).isNull();
        pump();
        assertThat(vm.phaseDiagramProperty().get()).isNotNull();
        assertThat(vm.phaseRunningProperty().get()).isFalse();
    }

    @Test
    void saeTrainsOnTheShownInstanceAndTracksMmcs() {
        vm.trainSae();
        assertThat(runner.saeTask).as("no model, no SAE").isNull();
        assertThat(vm.saeStatusProperty().get()).isEqualTo("Train a toy model first.");
        vm.train();
        runner.finishToy(100, false);
        pump();
        vm.selectedInstanceProperty().set(2);
        vm.saeArchProperty().set(ToySaeArch.TOPK);
        vm.saeKProperty().set(2);
        vm.resampleDeadProperty().set(true);
        vm.trainSae();
        assertThat(runner.saeW).containsOnly(100.0 + 2); // the fake fills instance t with step + t
        assertThat(runner.saeProbability).isEqualTo(vm.toySpec().featureProbability(2));
        assertThat(runner.saeSpec.arch()).isEqualTo(ToySaeArch.TOPK);
        assertThat(runner.saeSpec.k()).isEqualTo(2);
        assertThat(runner.saeSpec.resampleDead()).isTrue();
        runner.emitSae(10, 0.5);
        runner.emitSae(20, 0.9);
        pump();
        assertThat(vm.mmcsHistoryProperty().get().values()[0]).containsExactly(0.5, 0.9);
        assertThat(vm.saeStatusProperty().get()).contains("MMCS 0.900").contains("2 dead");
        runner.saeTask.future.complete(new ToySaeResult(runner.saeSpec, new double[0], 0.97, 0, 3, false));
        pump();
        assertThat(vm.saeTrainingProperty().get()).isFalse();
        assertThat(vm.saeStatusProperty().get()).isEqualTo("Done: MMCS 0.970, 0 dead, 3 resampled");
    }
}
