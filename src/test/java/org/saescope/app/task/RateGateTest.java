package org.saescope.app.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateGateTest {
    private static final long MS = 1_000_000L;

    @Test
    void firstCallPassesThenAtMostOncePerInterval() {
        RateGate gate = new RateGate(80);
        long t0 = 5_000 * MS;
        assertThat(gate.tryPass(t0)).isTrue();
        assertThat(gate.tryPass(t0 + 10 * MS)).isFalse();
        assertThat(gate.tryPass(t0 + 79 * MS)).isFalse();
        assertThat(gate.tryPass(t0 + 80 * MS)).isTrue();
        // the interval restarts at the pass, not at the last refused call
        assertThat(gate.tryPass(t0 + 150 * MS)).isFalse();
        assertThat(gate.tryPass(t0 + 160 * MS)).isTrue();
    }

    @Test
    void tokensEvery10MsOver1sGiveAboutTwelvePosts() {
        RateGate gate = new RateGate(80);
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            if (gate.tryPass(i * 10 * MS)) {
                passed++;
            }
        }
        // passes at 0, 80, 160, … 960 ms
        assertThat(passed).isEqualTo(13);
    }

    @Test
    void worksAcrossNanoTimeSignChange() {
        RateGate gate = new RateGate(80);
        assertThat(gate.tryPass(-50 * MS)).isTrue();
        assertThat(gate.tryPass(20 * MS)).isFalse();
        assertThat(gate.tryPass(30 * MS)).isTrue();
    }
}
