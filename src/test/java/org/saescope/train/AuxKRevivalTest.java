package org.saescope.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.saescope.sae.kernel.Arch;

/**
 * AuxK revives dead latents. Half the latents start with a zero encoder column and b_enc = −3, so
 * their pre-activation is −3 on every token and they never enter the top-k: without AuxK nothing
 * ever reaches them and they stay dead; with AuxK they learn from the residual and come back.
 */
class AuxKRevivalTest {
    private static final int D_IN = 8;
    private static final int D_SAE = 16;
    private static final int DEAD_AT_START = 8;

    @Test
    void onlyAuxKBringsNeverWinningLatentsBack() {
        int deadWithout = deadAfterTraining(0.0);
        int deadWith = deadAfterTraining(1.0 / 32);
        assertThat(deadWithout).isEqualTo(DEAD_AT_START);
        assertThat(deadWith).isLessThanOrEqualTo(DEAD_AT_START / 2);
    }

    private static int deadAfterTraining(double auxCoefficient) {
        SyntheticSparseData data = new SyntheticSparseData(3, D_IN, 12, 2, 4096);
        SaeTrainConfig cfg = SaeTrainConfig.builder(Arch.TOPK, D_IN, D_SAE).k(2).lr(1e-2).batchSize(128)
                .totalTokens(40_000).deadWindowTokens(1024).auxKCoefficient(auxCoefficient).logEvery(50)
                .seed(9).build();
        TrainedSae sae = new SaeTrainer(cfg).train(data.source(512), TrainListener.none(), () -> false,
                start(cfg));
        return sae.last().deadLatents();
    }

    /** Weights whose last {@link #DEAD_AT_START} latents never win the top-k (also for DensityBalancerTest). */
    static SaeParameters start(SaeTrainConfig cfg) {
        SplittableRandom rng = new SplittableRandom(1);
        float[] wDec = new float[D_SAE * D_IN];
        float[] wEnc = new float[D_IN * D_SAE];
        float[] bEnc = new float[D_SAE];
        for (int j = 0; j < D_SAE; j++) {
            double ss = 0;
            for (int i = 0; i < D_IN; i++) {
                double g = rng.nextGaussian();
                wDec[j * D_IN + i] = (float) g;
                ss += g * g;
            }
            for (int i = 0; i < D_IN; i++) {
                wDec[j * D_IN + i] /= (float) Math.sqrt(ss);
                // live latents: W_enc = W_decᵀ; the last DEAD_AT_START: zero column, b_enc = −3
                wEnc[i * D_SAE + j] = j < D_SAE - DEAD_AT_START ? wDec[j * D_IN + i] : 0f;
            }
            bEnc[j] = j < D_SAE - DEAD_AT_START ? 0f : -3f;
        }
        return new SaeParameters(D_IN, D_SAE, wEnc, bEnc, wDec, new float[D_IN], null);
    }
}
