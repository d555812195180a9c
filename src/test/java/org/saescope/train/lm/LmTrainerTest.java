package org.saescope.train.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.lm.Gpt2BatchForward;
import org.saescope.tensor.BadInputException;

/** Training a tiny GPT-2: the loss falls, and a killed run resumed from its checkpoint ends where an uninterrupted one does. */
class LmTrainerTest {
    static final Gpt2BatchForward.Dims TINY = new Gpt2BatchForward.Dims(1, 16, 2, 32, 64, 8, 1e-5f);

    /** A learnable stream: a fixed random "sentence" of 40 tokens over 0..47, repeated (tokens 48..63 never occur). */
    static int[] stream(int length) {
        java.util.Random r = new java.util.Random(7);
        int[] sentence = new int[40];
        for (int i = 0; i < sentence.length; i++) {
            sentence[i] = r.nextInt(48);
        }
        int[] s = new int[length];
        for (int i = 0; i < length; i++) {
            s[i] = sentence[i % sentence.length];
        }
        return s;
    }

    static LmTrainConfig config(int steps, int checkpointEvery, int minTokenCount) {
        return new LmTrainConfig(TINY, 3, 4, steps, 2, 1e-2, 0.1, 0.1, 1.0, checkpointEvery, 1, minTokenCount);
    }

    @Test
    void lossFallsFarBelowUniformOnALearnableStream() {
        TokenWindows data = new TokenWindows(stream(2000), 8);
        List<Double> losses = new ArrayList<>();
        LmTrainer.Result r = new LmTrainer(config(60, 0, 0)).train(data, null, p -> losses.add(p.loss()), () -> false);
        assertThat(r.steps()).isEqualTo(60);
        assertThat(losses.get(0)).isCloseTo(Math.log(64), org.assertj.core.data.Offset.offset(0.1));
        // the stream is periodic, so a model that learned anything predicts far better than uniform
        assertThat(losses.get(losses.size() - 1)).isLessThan(0.5 * Math.log(64));
        assertThat(r.params().get("wte.weight")).hasSize(64 * 16);
    }

    @Test
    void compactVocabularyTrainsOnlyTheTokensItKeeps() {
        TokenWindows data = new TokenWindows(stream(2000), 8);
        LmTrainer.Result r = new LmTrainer(config(20, 0, 1)).train(data, null, p -> { }, () -> false);
        float[] wte = r.params().get("wte.weight");
        // tokens 48..63 never occur: they share one row in the written model, which training moved off its init
        float[] sharedRow = java.util.Arrays.copyOfRange(wte, 48 * 16, 49 * 16);
        for (int t = 49; t < 64; t++) {
            assertThat(java.util.Arrays.copyOfRange(wte, t * 16, (t + 1) * 16)).containsExactly(sharedRow);
        }
        assertThat(java.util.Arrays.copyOfRange(wte, 0, 16)).isNotEqualTo(sharedRow);
        TrainingVocabulary vocab = TrainingVocabulary.of(data.stream(), 64, 1);
        TokenWindows held = new TokenWindows(stream(400), 8);
        double compactLoss = HeldOutLoss.of(TINY, r.params(), vocab, held, 4);
        double fullLoss = HeldOutLoss.of(TINY, r.params(), held, 4);
        assertThat(compactLoss).isCloseTo(fullLoss, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path dir) {
        TokenWindows data = new TokenWindows(stream(2000), 8);
        LmTrainConfig cfg = config(7, 2, 0);
        LmTrainer.Result straight = new LmTrainer(cfg).train(data, null, p -> { }, () -> false);

        Path ckpt = dir.resolve("checkpoint.safetensors");
        AtomicInteger calls = new AtomicInteger();
        // "killed" before its 6th step: the last checkpoint is the one written after step 4
        LmTrainer.Result killed = new LmTrainer(cfg).train(data, ckpt, p -> { }, () -> calls.incrementAndGet() > 5);
        assertThat(killed.cancelled()).isTrue();
        assertThat(LmTrainer.checkpointStep(ckpt)).isEqualTo(4);

        LmTrainer.Result resumed = new LmTrainer(cfg).train(data, ckpt, p -> { }, () -> false);
        assertThat(resumed.resumedFrom()).isEqualTo(4);
        assertThat(resumed.steps()).isEqualTo(7);
        for (Map.Entry<String, float[]> e : straight.params().entrySet()) {
            assertThat(resumed.params().get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) {
        TokenWindows data = new TokenWindows(stream(2000), 8);
        Path ckpt = dir.resolve("checkpoint.safetensors");
        new LmTrainer(config(2, 1, 0)).train(data, ckpt, p -> { }, () -> false);
        assertThat(Files.exists(ckpt)).isTrue();
        assertThatThrownBy(() -> new LmTrainer(config(3, 1, 0)).train(data, ckpt, p -> { }, () -> false))
                .isInstanceOf(BadInputException.class).hasMessageContaining("different training run");
    }

    @Test
    void learningRateWarmsUpThenFollowsTheCosine() {
        LmTrainConfig cfg = new LmTrainConfig(TINY, 0, 1, 102, 2, 1.0, 0.1, 0, 0, 0, 1, 0);
        assertThat(cfg.lrAt(0)).isEqualTo(0.5);
        assertThat(cfg.lrAt(1)).isEqualTo(1.0);
        assertThat(cfg.lrAt(2)).isEqualTo(1.0);
        assertThat(cfg.lrAt(52)).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-12)); // half-way: 0.1 + 0.9 · 0.5
        assertThat(cfg.lrAt(102)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
    }
}
