package org.saescope.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The paper's two 5→2 pictures, reproduced by training; plus the trainer's mechanics. */
class ToyModelTrainerTest {

    /** 5→2, I = 0.9ⁱ, 1 − S = 0.05 and 0.02: five columns of near-equal norm, 72° apart. */
    @Test
    void sparseFeaturesFormAPentagon() {
        ToyModelSpec spec = ToyModelSpec.sweep(5, 2, 2, 0.05, 0.02, 0.9, 5000, 1);
        ToyModelResult result = new ToyModelTrainer(2).train(spec, ToyProgressListener.NONE, () -> false);
        ToySnapshot s = result.snapshot();
        for (int t = 0; t < s.instances(); t++) {
            double[] norms = FeatureGeometry.norms(s.w()[t], 5, 2);
            double min = Arrays.stream(norms).min().orElseThrow();
            double max = Arrays.stream(norms).max().orElseThrow();
            assertThat(min).as("every feature represented").isGreaterThan(0.9);
            assertThat(max / min).as("near-equal norms").isLessThan(1.1);
            double[] angles = new double[5];
            for (int i = 0; i < 5; i++) {
                double[] c = s.column(t, i);
                angles[i] = Math.toDegrees(Math.atan2(c[1], c[0]));
            }
            Arrays.sort(angles);
            for (int i = 0; i < 5; i++) {
                double gap = i < 4 ? angles[i + 1] - angles[i] : 360 + angles[0] - angles[4];
                assertThat(gap).as("angle between neighbouring columns").isCloseTo(72, within(5.0));
            }
            // A pentagon gives every feature dimensionality 2/5 (the paper's reference line).
            for (double d : FeatureGeometry.dimensionality(s.w()[t], 5, 2)) {
                assertThat(d).isCloseTo(0.4, within(0.03));
            }
        }
    }

    /** Dense (S = 0): like PCA, the two most important features get orthogonal unit columns. */
    @Test
    void denseFeaturesKeepTheTopTwoOrthogonally() {
        ToyModelSpec spec = ToyModelSpec.sweep(5, 2, 1, 1.0, 1.0, 0.9, 10000, 1);
        ToySnapshot s = new ToyModelTrainer(1).train(spec, ToyProgressListener.NONE, () -> false).snapshot();
        double[] w = s.w()[0];
        double[] norms = FeatureGeometry.norms(w, 5, 2);
        assertThat(norms[0]).isCloseTo(1, within(0.05));
        assertThat(norms[1]).isCloseTo(1, within(0.05));
        assertThat(FeatureGeometry.cosine(s.column(0, 0), s.column(0, 1))).isCloseTo(0, within(0.05));
        for (int i = 2; i < 5; i++) {
            assertThat(norms[i]).as("dropped feature %d", i).isLessThan(0.1);
            // A dropped feature is predicted by its mean: b_i → E[x_i] = 1/2.
            assertThat(s.b()[0][i]).isCloseTo(0.5, within(0.05));
        }
        assertThat(FeatureGeometry.superposition(w, 5, 2)[0]).isLessThan(0.01);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        ToyModelSpec spec = ToyModelSpec.sweep(6, 3, 3, 1.0, 0.1, 0.8, 60, 42).withSnapshotEvery(7);
        ToySnapshot one = new ToyModelTrainer(1).train(spec, ToyProgressListener.NONE, () -> false).snapshot();
        ToySnapshot two = new ToyModelTrainer(2).train(spec, ToyProgressListener.NONE, () -> false).snapshot();
        ToySnapshot otherSeed = new ToyModelTrainer(2).train(
                ToyModelSpec.sweep(6, 3, 3, 1.0, 0.1, 0.8, 60, 43), ToyProgressListener.NONE, () -> false).snapshot();
        for (int t = 0; t < 3; t++) {
            assertThat(two.w()[t]).containsExactly(one.w()[t]);
            assertThat(two.b()[t]).containsExactly(one.b()[t]);
            assertThat(otherSeed.w()[t]).isNotEqualTo(one.w()[t]);
        }
    }

    @Test
    void reportsLossAndSnapshotsEveryRoundAndLossFalls() {
        ToyModelSpec spec = ToyModelSpec.sweep(5, 2, 2, 1.0, 0.1, 0.9, 500, 3).withSnapshotEvery(100);
        List<ToyProgress> seen = new ArrayList<>();
        new ToyModelTrainer(2).train(spec, seen::add, () -> false);
        assertThat(seen).extracting(ToyProgress::step).containsExactly(100, 200, 300, 400, 500);
        assertThat(seen.get(0).loss()).hasSize(2);
        for (int t = 0; t < 2; t++) {
            assertThat(seen.get(4).loss()[t]).isLessThan(seen.get(0).loss()[t]);
        }
        // Snapshots are copies: later training does not change an earlier picture.
        assertThat(seen.get(0).snapshot().w()[0]).isNotEqualTo(seen.get(4).snapshot().w()[0]);
        assertThat(seen.get(4).snapshot().step()).isEqualTo(500);
    }

    @Test
    void cancellingStopsEarlyWithACancelledResult() {
        ToyModelSpec spec = ToyModelSpec.sweep(5, 2, 2, 1.0, 0.1, 0.9, 1_000_000, 3).withSnapshotEvery(10);
        AtomicInteger rounds = new AtomicInteger();
        ToyModelResult r = new ToyModelTrainer(2).train(spec, p -> rounds.incrementAndGet(), () -> rounds.get() >= 3);
        assertThat(r.cancelled()).isTrue();
        assertThat(rounds.get()).isEqualTo(3);
        assertThat(r.snapshot().step()).isEqualTo(30);
    }

    @Test
    void interruptingTheCallerCancels() throws Exception {
        ToyModelSpec spec = ToyModelSpec.sweep(5, 2, 2, 1.0, 0.1, 0.9, 1_000_000, 3).withSnapshotEvery(10);
        ToyModelResult[] out = new ToyModelResult[1];
        Thread t = new Thread(() -> out[0] = new ToyModelTrainer(2).train(spec, ToyProgressListener.NONE, () -> false));
        t.start();
        Thread.sleep(200);
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(out[0].cancelled()).isTrue();
    }

    @Test
    void sweepSpacesDensitiesLogarithmically() {
        ToyModelSpec spec = ToyModelSpec.sweep(5, 2, 3, 1.0, 0.01, 0.7, 10, 1);
        assertThat(spec.featureProbability()).containsExactly(new double[] {1.0, 0.1, 0.01}, within(1e-12));
        assertThat(spec.importance(2)).containsExactly(new double[] {1, 0.7, 0.49, 0.343, 0.2401}, within(1e-12));
    }

    @Test
    void rejectsNonsenseSpecs() {
        double[][] imp = {{1, 1}};
        assertThatThrownBy(() -> new ToyModelSpec(2, 3, new double[] {0.5}, imp, 8, 1, 1e-3, 1, 1))
                .hasMessageContaining("m must be");
        assertThatThrownBy(() -> new ToyModelSpec(2, 1, new double[] {0}, imp, 8, 1, 1e-3, 1, 1))
                .hasMessageContaining("feature probability");
        assertThatThrownBy(() -> new ToyModelSpec(2, 1, new double[] {0.5}, new double[][] {{1}}, 8, 1, 1e-3, 1, 1))
                .hasMessageContaining("n entries");
        assertThatThrownBy(() -> new ToyModelSpec(2, 1, new double[] {0.5}, new double[][] {{1, Double.NaN}}, 8, 1, 1e-3, 1, 1))
                .hasMessageContaining("importance");
        assertThatThrownBy(() -> new ToyModelSpec(100_000, 1, new double[] {0.5}, imp, 8, 1, 1e-3, 1, 1))
                .hasMessageContaining("n must be");
    }
}
