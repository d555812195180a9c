package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Quantile-group sampling is uniform over a band's activations and reproducible per seed. */
class BandReservoirsTest {
    @Test
    void everyItemOfABandIsEquallyLikelyToBeSampled() {
        int items = 10;
        int k = 2;
        int seeds = 4000;
        int[] chosen = new int[items];
        for (long seed = 0; seed < seeds; seed++) {
            BandReservoirs r = new BandReservoirs(3, 1, k, seed);
            for (int i = 0; i < items; i++) {
                r.offer(1, 0, 1f, i, 0);
            }
            int[] w = new int[k];
            int n = r.sorted(1, 0, w, new int[k], new float[k]);
            assertThat(n).isEqualTo(k);
            assertThat(w[0]).isNotEqualTo(w[1]);
            for (int x : w) {
                chosen[x]++;
            }
            assertThat(r.count(1, 0)).isEqualTo(items);
        }
        double expected = (double) seeds * k / items; // 800
        for (int c : chosen) {
            assertThat((double) c).isBetween(expected * 0.85, expected * 1.15);
        }
    }

    @Test
    void sameSeedSameSample() {
        int[][] picks = new int[2][];
        for (int run = 0; run < 2; run++) {
            BandReservoirs r = new BandReservoirs(5, 2, 3, 42);
            for (int i = 0; i < 100; i++) {
                r.offer(4, i % 2, i, i, 0);
            }
            picks[run] = new int[3];
            r.sorted(4, 1, picks[run], new int[3], new float[3]);
        }
        assertThat(picks[0]).isEqualTo(picks[1]);
    }
}
