package org.saescope.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.saescope.sae.kernel.Arch;

/**
 * Density balancing raises b_enc of latents that fire too rarely. The constructed case of
 * {@link AuxKRevivalTest}: half the latents start with a zero encoder column and b_enc = −3, so they
 * never enter the top-k. With AuxK off, only the balancing can bring them back.
 */
class DensityBalancerTest {
    private static final int D_IN = 8;
    private static final int D_SAE = 16;
    private static final int DEAD_AT_START = 8; // as AuxKRevivalTest.start builds them

    @Test
    void theMovingDensityFollowsTheFiringAndOnlyRareLatentsAreRaised() {
        DensityBalancer b = new DensityBalancer(3, 1, 0.05, 0.5, 100);
        // 100-token window, 50-token batches: β = 0.5. Start at k / dSae = 1/3 each.
        float[] delta = b.update(new int[] {50, 0, 5}, 50);
        // densities: (1/3 + 1)/2 = 0.667, (1/3 + 0)/2 = 0.167, (1/3 + 0.1)/2 = 0.217: none below 0.05
        assertThat(delta).isNull();
        b.update(new int[] {50, 0, 5}, 50);          // 0.833, 0.083, 0.158
        delta = b.update(new int[] {50, 0, 5}, 50);  // 0.917, 0.042, 0.129
        assertThat(delta).containsExactly(0f, 0.5f, 0f);
        assertThat(b.belowMinimum()).isEqualTo(1);
    }

    @Test
    void balancingAloneBringsNeverWinningLatentsBack() {
        int deadWithout = firingAfterTraining(0, 0);
        int deadWith = firingAfterTraining(0.02, 0.05);
        assertThat(deadWithout).as("never-winning latents without balancing").isEqualTo(DEAD_AT_START);
        assertThat(deadWith).as("never-winning latents with balancing").isLessThanOrEqualTo(DEAD_AT_START / 4);
    }

    /** Latents that did not fire over the last 1,024 training tokens. */
    private static int firingAfterTraining(double minDensity, double step) {
        SyntheticSparseData data = new SyntheticSparseData(3, D_IN, 12, 2, 4096);
        SaeTrainConfig cfg = SaeTrainConfig.builder(Arch.TOPK, D_IN, D_SAE).k(2).lr(1e-2).batchSize(128)
                .totalTokens(40_000).deadWindowTokens(1024).auxKCoefficient(0).densityBalancing(minDensity, step)
                .logEvery(50).seed(9).build();
        TrainedSae sae = new SaeTrainer(cfg).train(data.source(512), TrainListener.none(), () -> false,
                AuxKRevivalTest.start(cfg));
        return sae.last().deadLatents();
    }
}
