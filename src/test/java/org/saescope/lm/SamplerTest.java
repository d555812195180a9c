package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};

    private static double[] frequencies(GenerationOptions o, int draws) {
        Sampler s = new Sampler(o);
        double[] f = new double[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            f[s.next(LOGITS)] += 1.0 / draws;
        }
        return f;
    }

    private static GenerationOptions sampling(float temperature, int topK, float topP, long seed) {
        return GenerationOptions.greedy(1).withSampling(temperature, topK, topP, seed);
    }

    @Test
    void greedyTakesTheArgmaxAndTheLowestIdOnTies() {
        assertThat(new Sampler(GenerationOptions.greedy(1)).next(new float[] {0f, 3f, 1f, 3f})).isEqualTo(1);
    }

    @Test
    void temperatureOneDrawsFromTheSoftmax() {
        double[] f = frequencies(sampling(1f, 0, 1f, 7), 40_000);
        assertThat(f[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(f[1]).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(f[2]).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void temperatureSharpens() {
        // T = 0.5 squares the probabilities: 0.25 : 0.09 : 0.04 over 0.38
        double[] f = frequencies(sampling(0.5f, 0, 1f, 7), 40_000);
        assertThat(f[0]).isCloseTo(0.25 / 0.38, org.assertj.core.data.Offset.offset(0.01));
        assertThat(f[2]).isCloseTo(0.04 / 0.38, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void topKAndTopPDropTheTail() {
        double[] k2 = frequencies(sampling(1f, 2, 1f, 3), 20_000);
        assertThat(k2[2]).isZero();
        assertThat(k2[0]).isCloseTo(0.5 / 0.8, org.assertj.core.data.Offset.offset(0.015));
        // top-p 0.75: 0.5 < 0.75 ≤ 0.5 + 0.3, so tokens 0 and 1 stay
        double[] p = frequencies(sampling(1f, 0, 0.75f, 3), 20_000);
        assertThat(p[2]).isZero();
        assertThat(p[1]).isCloseTo(0.3 / 0.8, org.assertj.core.data.Offset.offset(0.015));
        // a tiny top-p or top-k 1 is greedy
        assertThat(frequencies(sampling(1f, 0, 0.01f, 3), 1000)[0]).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(frequencies(sampling(5f, 1, 1f, 3), 1000)[0]).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void sameSeedSameDraws() {
        Sampler a = new Sampler(sampling(1f, 0, 1f, 42));
        Sampler b = new Sampler(sampling(1f, 0, 1f, 42));
        for (int i = 0; i < 100; i++) {
            assertThat(a.next(LOGITS)).isEqualTo(b.next(LOGITS));
        }
    }
}
