package org.saescope.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.saescope.sae.kernel.Arch;
import org.saescope.tensor.BadInputException;

class SaeTrainerTest {
    private static final SyntheticSparseData DATA = new SyntheticSparseData(21, 8, 12, 2, 2048);

    private static SaeTrainConfig.Builder small(Arch arch) {
        return SaeTrainConfig.builder(arch, 8, 16).k(2).lr(5e-3).batchSize(64).totalTokens(3200)
                .logEvery(10).seed(3).deadWindowTokens(640);
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"TOPK", "RELU", "JUMPRELU"})
    void decoderRowsHaveUnitNormAfterTraining(Arch arch) {
        TrainedSae sae = new SaeTrainer(small(arch).l1Coefficient(0.3).build()).train(DATA.source(500), TrainListener.none());
        float[] wDec = sae.parameters().wDec();
        for (int j = 0; j < 16; j++) {
            double ss = 0;
            for (int i = 0; i < 8; i++) {
                ss += (double) wDec[j * 8 + i] * wDec[j * 8 + i];
            }
            assertThat(Math.sqrt(ss)).as("‖W_dec[%d]‖", j).isCloseTo(1.0, within(1e-5));
        }
        assertThat(sae.tokens()).isEqualTo(3200);
        assertThat(sae.steps()).isEqualTo(50);
        assertThat(sae.cancelled()).isFalse();
    }

    @Test
    void trainsOnAFreshThreadWhereLibtorchStillRecordsGradients() throws Exception {
        // libtorch's grad mode is per thread and starts on; the optimiser must not depend on who
        // initialised the engine (the app trains on its own background thread).
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<TrainedSae> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(new SaeTrainer(small(Arch.TOPK).build()).train(DATA.source(500), TrainListener.none()));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        assertThat(failure.get()).isNull();
        assertThat(result.get().steps()).isEqualTo(50);
    }

    @Test
    void sameSeedSameSaeOtherSeedOtherSae() {
        SaeParameters a = new SaeTrainer(small(Arch.TOPK).build()).train(DATA.source(500), TrainListener.none()).parameters();
        SaeParameters b = new SaeTrainer(small(Arch.TOPK).build()).train(DATA.source(500), TrainListener.none()).parameters();
        SaeParameters c = new SaeTrainer(small(Arch.TOPK).seed(4).build()).train(DATA.source(500), TrainListener.none()).parameters();
        assertThat(a.wEnc()).containsExactly(b.wEnc());
        assertThat(a.wDec()).containsExactly(b.wDec());
        assertThat(a.bEnc()).containsExactly(b.bEnc());
        assertThat(a.bDec()).containsExactly(b.bDec());
        assertThat(a.wDec()).isNotEqualTo(c.wDec());
    }

    @Test
    void initialisationFollowsTheRecipe() {
        SaeTrainConfig cfg = small(Arch.JUMPRELU).jumpReluInitThreshold(0.25).build();
        float[] sample = {1, 2, 3, 4, 5, 6, 7, 8, 3, 2, 1, 0, 0, 0, 0, 0};
        SaeParameters p = new SaeTrainer(cfg).initialWeights(new java.util.SplittableRandom(1), sample);
        for (int j = 0; j < 16; j++) {
            double ss = 0;
            for (int i = 0; i < 8; i++) {
                ss += (double) p.wDec()[j * 8 + i] * p.wDec()[j * 8 + i];
                assertThat(p.wEnc()[i * 16 + j]).isEqualTo(p.wDec()[j * 8 + i]); // W_enc = W_decᵀ
            }
            assertThat(Math.sqrt(ss)).isCloseTo(1.0, within(1e-6));
            assertThat(p.bEnc()[j]).isZero();
            assertThat(p.threshold()[j]).isEqualTo(0.25f);
        }
        // two points: every point of the segment between them is a geometric median; Weiszfeld from
        // the mean stays at the mean
        assertThat(p.bDec()).containsExactly(2, 2, 2, 2, 2.5f, 3, 3.5f, 4);
    }

    @Test
    void normalisedTrainingIsScaleFreeAndFoldsTheScaleIntoTheWeights() {
        float[] big = DATA.tokens.clone();
        for (int i = 0; i < big.length; i++) {
            big[i] *= 50f;
        }
        SaeTrainConfig cfg = small(Arch.TOPK).normalizeActivations(true).build();
        TrainedSae a = new SaeTrainer(cfg).train(DATA.source(500), TrainListener.none());
        TrainedSae b = new SaeTrainer(cfg).train(new ArrayActivationSource(big, 8, 500, "x50"), TrainListener.none());
        // s = √d_in / mean ‖x‖ over the first sample: the source's first 512 tokens (the buffer
        // holds 8 batches of 64, fewer than initSampleTokens)
        double meanNorm = 0;
        for (int t = 0; t < 512; t++) {
            double ss = 0;
            for (int i = 0; i < 8; i++) {
                ss += (double) DATA.tokens[t * 8 + i] * DATA.tokens[t * 8 + i];
            }
            meanNorm += Math.sqrt(ss) / 512;
        }
        assertThat((double) a.activationScale()).isCloseTo(Math.sqrt(8) / meanNorm, within(1e-5));
        assertThat((double) b.activationScale()).isCloseTo(a.activationScale() / 50.0, within(1e-6));
        // folded: decoder rows have norm 1/s, and the 50x SAE is the 1x SAE rescaled
        float[] wDec = a.parameters().wDec();
        double ss = 0;
        for (int i = 0; i < 8; i++) {
            ss += (double) wDec[i] * wDec[i];
        }
        assertThat(Math.sqrt(ss)).isCloseTo(1.0 / a.activationScale(), within(1e-5));
        for (int i = 0; i < wDec.length; i++) {
            assertThat((double) b.parameters().wDec()[i]).isCloseTo(50.0 * wDec[i], within(1e-3));
            assertThat((double) b.parameters().wEnc()[i]).isCloseTo(a.parameters().wEnc()[i] / 50.0, within(1e-5));
        }
        for (int i = 0; i < 8; i++) {
            assertThat((double) b.parameters().bDec()[i]).isCloseTo(50.0 * a.parameters().bDec()[i], within(1e-3));
        }
    }

    @Test
    void progressEveryNStepsAndAtTheEndWithCsvLog() {
        StringWriter csv = new StringWriter();
        List<TrainProgress> seen = new ArrayList<>();
        CsvTrainLog log = new CsvTrainLog(csv);
        // 3200 tokens / 64 = 50 steps; every 15 → 15, 30, 45, then the last step 50
        new SaeTrainer(small(Arch.TOPK).logEvery(15).build()).train(DATA.source(500), log.andThen(seen::add));
        assertThat(seen).extracting(TrainProgress::step).containsExactly(15L, 30L, 45L, 50L);
        assertThat(seen).extracting(TrainProgress::tokens).containsExactly(960L, 1920L, 2880L, 3200L);
        assertThat(seen.get(3).fraction()).isEqualTo(1.0);
        String[] lines = csv.toString().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).isEqualTo(CsvTrainLog.HEADER);
        assertThat(lines[4]).startsWith("50,3200,");
        assertThat(lines[4].split(",")).hasSize(8);
    }

    @Test
    void cancellingStopsBeforeTheNextStep() {
        AtomicInteger steps = new AtomicInteger();
        TrainedSae sae = new SaeTrainer(small(Arch.TOPK).logEvery(1).build())
                .train(DATA.source(500), p -> steps.incrementAndGet(), () -> steps.get() >= 7);
        assertThat(sae.cancelled()).isTrue();
        assertThat(sae.steps()).isEqualTo(7);
        assertThat(sae.tokens()).isEqualTo(7 * 64);
    }

    @Test
    void aFiniteSourceThatCannotRewindEndsTheRunEarly() {
        ActivationSource once = new OneShot(DATA.tokens, 8, 1000);
        TrainedSae sae = new SaeTrainer(small(Arch.TOPK).totalTokens(100_000).build()).train(once, TrainListener.none());
        assertThat(sae.tokens()).isEqualTo(2048);
        assertThat(sae.steps()).isEqualTo(32);
        assertThat(sae.last().step()).isEqualTo(32);
    }

    @Test
    void sourceWithTheWrongWidthIsBadInputAndNothingIsWritten(@TempDir Path dir) throws Exception {
        SaeTrainConfig cfg = SaeTrainConfig.builder(Arch.TOPK, 12, 16).k(2).build();
        assertThatThrownBy(() -> trainAndSave(cfg, DATA.source(500), dir.resolve("sae")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("synthetic activations")
                .hasMessageContaining("d_in 8").hasMessageContaining("d_in 12");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void emptySourceIsBadInputAndNothingIsWritten(@TempDir Path dir) throws Exception {
        ActivationSource empty = new ArrayActivationSource(new float[0], 8, 10, "empty.safetensors");
        assertThatThrownBy(() -> trainAndSave(small(Arch.RELU).build(), empty, dir.resolve("sae")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("empty.safetensors: the activation source is empty");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void nonFiniteActivationIsBadInput() {
        float[] x = DATA.tokens.clone();
        x[8 * 100 + 3] = Float.NaN;
        assertThatThrownBy(() -> new SaeTrainer(small(Arch.TOPK).build())
                .train(new ArrayActivationSource(x, 8, 4096, "acts"), TrainListener.none()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("acts: activation NaN at row 100, column 3 is not finite");
    }

    @Test
    void badConfigValuesAreBadInput() {
        assertThatThrownBy(() -> SaeTrainConfig.builder(Arch.TOPK, 8, 16).k(17).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("k must be in [1, d_sae = 16]");
        assertThatThrownBy(() -> SaeTrainConfig.builder(Arch.GATED, 8, 16).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("architecture");
        assertThatThrownBy(() -> SaeTrainConfig.builder(Arch.RELU, 8, 16).lr(0).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("learning rate");
        assertThat(SaeTrainConfig.builder(Arch.TOPK, 768, 64).build().kAux()).isEqualTo(384);
        assertThat(SaeTrainConfig.builder(Arch.TOPK, 768, 64).build().auxKCoefficient()).isEqualTo(1.0 / 32);
    }

    private static void trainAndSave(SaeTrainConfig cfg, ActivationSource src, Path out) throws Exception {
        TrainedSae sae = new SaeTrainer(cfg).train(src, TrainListener.none());
        SaeLensWriter.write(sae, SaeLensMetadata.unknown(), out);
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** A source that cannot rewind. */
    private static final class OneShot implements ActivationSource {
        private final ArrayActivationSource inner;

        OneShot(float[] data, int dIn, int chunk) {
            inner = new ArrayActivationSource(data, dIn, chunk, "one pass");
        }

        @Override
        public int dIn() {
            return inner.dIn();
        }

        @Override
        public float[] next() {
            return inner.next();
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }
}
