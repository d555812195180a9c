package org.saescope.train.lm;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The baselines against values worked out by hand on a four-token vocabulary. */
class NgramBaselinesTest {
    @Test
    void unigramAndKneserNeyBigramByHand() {
        // train: 0 1 0 1 0 2 (N = 6, V = 4). Unigram counts 0:3 1:2 2:1 3:0.
        // Bigrams: (0,1)×2, (1,0)×2, (0,2)×1 → distinct 3; c(0·)=3, c(1·)=2, c(2·)=0.
        // N1+(0·)=2, N1+(1·)=1; N1+(·0)=1, N1+(·1)=1, N1+(·2)=1, N1+(·3)=0.
        int[] train = {0, 1, 0, 1, 0, 2};
        // held-out stream 0 1 2 3 with context 3: one window, pairs (0→1), (1→2), (2→3)
        TokenWindows held = new TokenWindows(new int[] {0, 1, 2, 3}, 3);
        NgramBaselines.Result r = NgramBaselines.fit(train, held, 4);

        double uni = -(Math.log((2 + 1) / 10.0) + Math.log((1 + 1) / 10.0) + Math.log((0 + 1) / 10.0)) / 3;
        // p_cont(w) = (N1+(·w) + 1) / (3 + 4)
        double pc1 = 2 / 7.0;
        double pc2 = 2 / 7.0;
        double pc3 = 1 / 7.0;
        double p01 = (2 - 0.75) / 3 + 0.75 * 2 / 3 * pc1;  // seen bigram
        double p12 = 0 + 0.75 * 1 / 2.0 * pc2;             // unseen bigram after a seen context
        double p23 = pc3;                                  // context 2 never starts a bigram
        double bi = -(Math.log(p01) + Math.log(p12) + Math.log(p23)) / 3;

        assertThat(r.pairs()).isEqualTo(3);
        assertThat(r.unigram()).isCloseTo(uni, Offset.offset(1e-12));
        assertThat(r.bigram()).isCloseTo(bi, Offset.offset(1e-12));
    }
}
