package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.LmFixtures;
import org.saescope.lm.ModelLoader;

/** Decoder neighbours and logit effects against numpy (src/test/python/features_reference.py). */
class WeightStatisticsTest {
    private static final JsonNode REF = StatsReference.get().get("weights");
    private static final int S = REF.get("d_sae").asInt();
    private static final int D = REF.get("d_in").asInt();
    private static final float[] W_DEC = StatsReference.floats(REF.get("w_dec"));

    @Test
    void neighboursAreTheTopTenCosinesWithoutSelf() {
        WeightStatistics.Neighbours nb = WeightStatistics.neighbours(W_DEC, S, D, 10, null);
        assertThat(nb.k()).isEqualTo(10);
        for (int f = 0; f < S; f++) {
            JsonNode exp = REF.get("neighbours").get(f);
            for (int r = 0; r < 10; r++) {
                double expCos = exp.get(r).get(1).asDouble();
                assertThat(nb.cosines()[f * 10 + r]).as("feature %d rank %d", f, r).isCloseTo((float) expCos, within(1e-5f));
                // ids must agree unless the reference has a near-tie there (the dead row gives exact ties at 0)
                boolean tie = (r > 0 && Math.abs(exp.get(r - 1).get(1).asDouble() - expCos) < 1e-5)
                        || (r < 9 && Math.abs(exp.get(r + 1).get(1).asDouble() - expCos) < 1e-5);
                if (!tie) {
                    assertThat(nb.ids()[f * 10 + r]).as("feature %d rank %d", f, r).isEqualTo(exp.get(r).get(0).asInt());
                }
                assertThat(nb.ids()[f * 10 + r]).isNotEqualTo(f);
            }
        }
        // the parallel pair finds each other first
        assertThat(nb.ids()[3 * 10]).isEqualTo(7);
        assertThat(nb.cosines()[3 * 10]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void logitEffectsGoThroughTheFinalNormGainAndUnembedding() {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("gpt2-tiny"))) {
            WeightStatistics.Logits lg = WeightStatistics.logits(m, W_DEC, S, D, 10, null);
            for (int f = 0; f < S; f++) {
                for (int r = 0; r < 10; r++) {
                    JsonNode p = REF.get("logits_pos").get(f).get(r);
                    JsonNode n = REF.get("logits_neg").get(f).get(r);
                    double scale = Math.max(1e-3, Math.abs(REF.get("logits_pos").get(f).get(0).get(1).asDouble()));
                    assertThat(lg.posValues()[f * 10 + r]).isCloseTo((float) p.get(1).asDouble(), within((float) (1e-5 * scale)));
                    assertThat(lg.negValues()[f * 10 + r]).isCloseTo((float) n.get(1).asDouble(), within((float) (1e-5 * scale)));
                    if (f != 5) { // the dead row's logits are all 0: any order is right
                        assertThat(lg.posTokens()[f * 10 + r]).as("pos %d/%d", f, r).isEqualTo(p.get(0).asInt());
                        assertThat(lg.negTokens()[f * 10 + r]).as("neg %d/%d", f, r).isEqualTo(n.get(0).asInt());
                    }
                }
            }
        }
    }
}
