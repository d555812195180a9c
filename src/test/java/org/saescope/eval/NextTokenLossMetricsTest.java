package org.saescope.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CE and KL metrics against numpy (src/test/python/eval_metrics_reference.py) and by hand. */
class NextTokenLossMetricsTest {
    private static JsonNode ref;
    private static int vocab;
    private static float[] clean;
    private static float[] sae;
    private static float[] zero;
    private static int[] targets;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = NextTokenLossMetricsTest.class.getResourceAsStream("/eval/metrics_reference.json")) {
            ref = new ObjectMapper().readTree(in).get("next_token");
        }
        vocab = ref.get("vocab").asInt();
        clean = SaeMetricsTest.floats(ref.get("clean"));
        sae = SaeMetricsTest.floats(ref.get("sae"));
        zero = SaeMetricsTest.floats(ref.get("zero"));
        targets = SaeMetricsTest.ints(ref.get("targets"));
    }

    @Test
    void logitsMatchNumpy() {
        NextTokenLossMetrics m = new NextTokenLossMetrics(vocab);
        m.add(clean, sae, zero, targets);
        assertMatches(m, 1e-9);
    }

    @Test
    void logProbabilitiesGiveTheSameNumbersAsLogits() {
        NextTokenLossMetrics m = new NextTokenLossMetrics(vocab);
        m.add(toLogProbs(clean), toLogProbs(sae), toLogProbs(zero), targets);
        // the log-probabilities were rounded to float, hence the looser tolerance
        assertMatches(m, 1e-6);
    }

    @Test
    void streamingOneTokenAtATimeGivesTheSameNumbers() {
        NextTokenLossMetrics m = new NextTokenLossMetrics(vocab);
        for (int t = 0; t < targets.length; t++) {
            int a = t * vocab;
            int b = a + vocab;
            m.add(Arrays.copyOfRange(clean, a, b), Arrays.copyOfRange(sae, a, b),
                    Arrays.copyOfRange(zero, a, b), new int[] {targets[t]});
        }
        assertMatches(m, 1e-9);
    }

    @Test
    void handWorkedTwoTokenVocabulary() {
        // clean logits (0, 0): p = (1/2, 1/2); sae = clean; zero logits (ln 3, 0): p = (3/4, 1/4).
        // target 1: CE_clean = CE_sae = ln 2, CE_zero = ln 4.
        // KL_zero = ½ ln(½ / ¾) + ½ ln(½ / ¼) = ½ ln(2/3) + ½ ln 2 = ½ ln(4/3); KL_sae = 0.
        NextTokenLossMetrics m = new NextTokenLossMetrics(2);
        float ln3 = (float) Math.log(3);
        m.add(new float[] {0, 0}, new float[] {0, 0}, new float[] {ln3, 0}, new int[] {1});
        assertThat(m.ceClean()).isCloseTo(Math.log(2), within(1e-7));
        assertThat(m.ceZero()).isCloseTo(Math.log(4), within(1e-7));
        assertThat(m.klZero()).isCloseTo(0.5 * Math.log(4.0 / 3), within(1e-7));
        assertThat(m.klSae()).isCloseTo(0, within(1e-15));
        assertThat(m.ceLossScore()).isCloseTo(1.0, within(1e-12));
        assertThat(m.klScore()).isCloseTo(1.0, within(1e-12));
    }

    private static void assertMatches(NextTokenLossMetrics m, double tol) {
        JsonNode e = ref.get("expected");
        assertThat(m.ceClean()).isCloseTo(e.get("ce_clean").asDouble(), within(tol));
        assertThat(m.ceSae()).isCloseTo(e.get("ce_sae").asDouble(), within(tol));
        assertThat(m.ceZero()).isCloseTo(e.get("ce_zero").asDouble(), within(tol));
        assertThat(m.klSae()).isCloseTo(e.get("kl_sae").asDouble(), within(tol));
        assertThat(m.klZero()).isCloseTo(e.get("kl_zero").asDouble(), within(tol));
        assertThat(m.ceLossScore()).isCloseTo(e.get("ce_loss_score").asDouble(), within(10 * tol));
        assertThat(m.klScore()).isCloseTo(e.get("kl_score").asDouble(), within(10 * tol));
    }

    /** Row-wise log-softmax in float, as a model would hand log-probabilities over. */
    private static float[] toLogProbs(float[] logits) {
        float[] out = new float[logits.length];
        for (int o = 0; o < logits.length; o += vocab) {
            double lse = 0;
            for (int v = 0; v < vocab; v++) {
                lse += Math.exp(logits[o + v]);
            }
            lse = Math.log(lse);
            for (int v = 0; v < vocab; v++) {
                out[o + v] = (float) (logits[o + v] - lse);
            }
        }
        return out;
    }
}
