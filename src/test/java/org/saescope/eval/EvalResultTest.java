package org.saescope.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saescope.sae.SparseCodes;

class EvalResultTest {
    private static final List<String> KEYS = List.of("l0", "l1", "mse", "explained_variance", "cossim",
            "l2_ratio", "ce_loss_score", "kl_score", "ce_clean", "ce_sae", "ce_zero", "dead_features",
            "dense_features", "density_histogram");

    @Test
    void jsonHasExactlyTheAgreedKeysAndValues() throws Exception {
        SaeMetrics m = new SaeMetrics(2, 3);
        // two tokens: x = (1,0),(0,2); x̂ = (1,0),(0,1); codes t0 {f1: 0.5}, t1 {f1: 2, f0: 1}
        m.add(new float[] {1, 0, 0, 2}, new float[] {1, 0, 0, 1},
                new SparseCodes(new int[] {0, 1, 3}, new int[] {1, 1, 0}, new float[] {0.5f, 2f, 1f}));
        NextTokenLossMetrics lm = new NextTokenLossMetrics(2);
        lm.add(new float[] {2, 0}, new float[] {1, 0}, new float[] {0, 0}, new int[] {0});
        JsonNode j = new ObjectMapper().readTree(EvalResult.of(m, lm).toJson());

        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(KEYS);
        assertThat(j.get("l0").asDouble()).isEqualTo(1.5);
        assertThat(j.get("l1").asDouble()).isEqualTo(1.75);
        assertThat(j.get("mse").asDouble()).isEqualTo(0.25);
        assertThat(j.get("dead_features").asInt()).isEqualTo(1);
        assertThat(j.get("dense_features").asInt()).isEqualTo(2);
        assertThat(j.get("ce_clean").asDouble()).isEqualTo(lm.ceClean());
        assertThat(j.get("kl_score").asDouble()).isEqualTo(lm.klScore());
        JsonNode h = j.get("density_histogram");
        assertThat(h.get("log10_edges")).hasSize(DensityHistogram.BINS + 1);
        assertThat(h.get("counts")).hasSize(DensityHistogram.BINS);
        long total = 0;
        for (JsonNode c : h.get("counts")) {
            total += c.asLong();
        }
        assertThat(total).isEqualTo(3);
    }

    @Test
    void missingLanguageModelPassIsNullNotNaN() throws Exception {
        SaeMetrics m = new SaeMetrics(1, 1);
        m.add(new float[] {1, 3}, new float[] {1, 3},
                new SparseCodes(new int[] {0, 1, 2}, new int[] {0, 0}, new float[] {1, 1}));
        String json = EvalResult.of(m, null).toJson();
        assertThat(json).doesNotContain("NaN");
        JsonNode j = new ObjectMapper().readTree(json);
        assertThat(j.get("ce_loss_score").isNull()).isTrue();
        assertThat(j.get("ce_zero").isNull()).isTrue();
        assertThat(j.get("explained_variance").asDouble()).isEqualTo(1.0);
    }
}
