package org.saescope.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SAE recovery on the 5→2 pentagon (Sharkey et al. 2022): the dictionary finds the true columns. */
class ToySaeTrainerTest {
    private static final double P = 0.05;
    private static double[] pentagon;

    @BeforeAll
    static void trainPentagon() {
        ToyModelSpec spec = ToyModelSpec.sweep(5, 2, 1, P, P, 0.9, 4000, 1);
        pentagon = new ToyModelTrainer(1).train(spec, ToyProgressListener.NONE, () -> false).snapshot().w()[0];
        assertThat(java.util.Arrays.stream(FeatureGeometry.norms(pentagon, 5, 2)).min().orElseThrow()).isGreaterThan(0.9);
    }

    @Test
    void reluL1SaeRecoversThePentagon() {
        for (long seed = 1; seed <= 3; seed++) {
            ToySaeResult r = ToySaeTrainer.train(pentagon, 5, 2, P, ToySaeSpec.defaults(5).withSeed(seed),
                    ToySaeListener.NONE, () -> false);
            assertThat(r.mmcs()).as("MMCS, seed %d", seed).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void topKSaeRecoversThePentagon() {
        for (long seed = 1; seed <= 3; seed++) {
            ToySaeSpec spec = ToySaeSpec.defaults(5).withArch(ToySaeArch.TOPK).withK(1).withSeed(seed).withSteps(2000);
            ToySaeResult r = ToySaeTrainer.train(pentagon, 5, 2, P, spec, ToySaeListener.NONE, () -> false);
            assertThat(r.mmcs()).as("MMCS, seed %d", seed).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void mmcsRisesAsItTrainsAndProgressCarriesTheDecoder() {
        List<ToySaeProgress> seen = new ArrayList<>();
        ToySaeSpec spec = ToySaeSpec.defaults(5).withSteps(1000).withReportEvery(100);
        ToySaeTrainer.train(pentagon, 5, 2, P, spec, seen::add, () -> false);
        assertThat(seen).hasSize(10);
        assertThat(seen.get(9).mmcs()).isGreaterThan(seen.get(0).mmcs());
        assertThat(seen.get(9).decoder()).hasSize(10 * 2);
        for (int j = 0; j < 10; j++) {
            double[] atom = {seen.get(9).decoder()[2 * j], seen.get(9).decoder()[2 * j + 1]};
            assertThat(Math.hypot(atom[0], atom[1])).as("unit atoms").isBetween(1 - 1e-9, 1 + 1e-9);
        }
    }

    /** Far more TopK latents than features: most never win; resampling brings them back. */
    @Test
    void resamplingRevivesDeadLatents() {
        ToySaeSpec base = ToySaeSpec.defaults(5).withArch(ToySaeArch.TOPK).withK(1).withDSae(20).withSteps(1000)
                .withSeed(5);
        ToySaeResult without = ToySaeTrainer.train(pentagon, 5, 2, P, base.withResampling(false, 100),
                ToySaeListener.NONE, () -> false);
        ToySaeResult with = ToySaeTrainer.train(pentagon, 5, 2, P, base.withResampling(true, 100),
                ToySaeListener.NONE, () -> false);
        assertThat(without.deadLatents()).isGreaterThan(0);
        assertThat(without.resampled()).isZero();
        assertThat(with.resampled()).isGreaterThan(0);
        assertThat(with.mmcs()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void cancelStopsTraining() {
        int[] reports = {0};
        ToySaeResult r = ToySaeTrainer.train(pentagon, 5, 2, P, ToySaeSpec.defaults(5).withSteps(1_000_000).withReportEvery(10),
                p -> reports[0]++, () -> reports[0] >= 2);
        assertThat(r.cancelled()).isTrue();
        assertThat(reports[0]).isEqualTo(2);
    }
}
