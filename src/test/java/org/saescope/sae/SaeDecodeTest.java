package org.saescope.sae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** decode() on codes that did not come from this encode, partial batches, and input hygiene. */
class SaeDecodeTest {

    /** Sparse codes for rows [from, to) of a dense [n][dSae] JSON matrix, by value descending. */
    static SparseCodes codesOf(JsonNode dense, int from, int to) {
        int[] rowStart = new int[to - from + 1];
        List<Integer> idx = new ArrayList<>();
        List<Float> val = new ArrayList<>();
        for (int t = from; t < to; t++) {
            JsonNode row = dense.get(t);
            List<Integer> active = new ArrayList<>();
            for (int f = 0; f < row.size(); f++) {
                if (row.get(f).asDouble() > 0) {
                    active.add(f);
                }
            }
            active.sort((a, b) -> Double.compare(row.get(b).asDouble(), row.get(a).asDouble()));
            for (int f : active) {
                idx.add(f);
                val.add((float) row.get(f).asDouble());
            }
            rowStart[t - from + 1] = idx.size();
        }
        int[] i = idx.stream().mapToInt(Integer::intValue).toArray();
        float[] v = new float[val.size()];
        for (int p = 0; p < v.length; p++) {
            v[p] = val.get(p);
        }
        return new SparseCodes(rowStart, i, v);
    }

    private static double[] rows(JsonNode m, int from, int to) {
        double[] all = Goldens.doubles(m);
        int w = m.get(0).size();
        return java.util.Arrays.copyOfRange(all, from * w, to * w);
    }

    @Test
    void decodeOfTheReferenceActivationsGivesTheReferenceReconstruction() {
        // TopK with rescale_acts_by_decoder_norm: decode divides by ‖W_dec[f]‖; no per-token state.
        JsonNode g = Goldens.json(Goldens.root().resolve("topk_rescale/golden.json"));
        try (Sae sae = SaeLoader.load(Goldens.root().resolve("topk_rescale/sae"))) {
            float[] y = sae.decode(codesOf(g.get("feature_acts"), 0, 6), null);
            Goldens.assertClose("decode", y, Goldens.doubles(g.get("reconstruction")));
        }
    }

    @Test
    void perTokenNormalisationIsUndoneWithTheStateOfASliceOfTheBatch() {
        JsonNode g = Goldens.json(Goldens.root().resolve("norm_layer_norm/golden.json"));
        float[] x = Goldens.floats(g.get("x"));
        try (Sae sae = SaeLoader.load(Goldens.root().resolve("norm_layer_norm/sae"))) {
            Sae.Encoded e = sae.encodeWithState(x, 6);
            float[] y = sae.decode(codesOf(g.get("feature_acts"), 2, 5), e.state().slice(2, 5));
            Goldens.assertClose("decode rows 2..4", y, rows(g.get("reconstruction"), 2, 5));
        }
    }

    @Test
    void decodeWithoutStateIsRefusedWhenTokensWereNormalisedOneByOne() {
        JsonNode g = Goldens.json(Goldens.root().resolve("norm_constant_norm_rescale/golden.json"));
        try (Sae sae = SaeLoader.load(Goldens.root().resolve("norm_constant_norm_rescale/sae"))) {
            SparseCodes c = codesOf(g.get("feature_acts"), 0, 6);
            assertThatThrownBy(() -> sae.decode(c, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("encodeWithState");
            Sae.Encoded e = sae.encodeWithState(Goldens.floats(g.get("x")), 6);
            assertThatThrownBy(() -> sae.decode(c, e.state().slice(0, 3)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void encodeLeavesItsInputAlone() {
        JsonNode g = Goldens.json(Goldens.root().resolve("norm_constant_norm_rescale/golden.json"));
        float[] x = Goldens.floats(g.get("x"));
        float[] copy = x.clone();
        try (Sae sae = SaeLoader.load(Goldens.root().resolve("norm_constant_norm_rescale/sae"))) {
            sae.reconstruct(x, 6);
        }
        assertThat(x).containsExactly(copy);
    }

    @Test
    void anAllZeroRowStaysFiniteUnderConstantNormRescale() {
        // SAELens would divide by ‖0‖ and return NaN; SAEscope leaves a zero row unscaled.
        try (Sae sae = SaeLoader.load(Goldens.root().resolve("norm_constant_norm_rescale/sae"))) {
            float[] y = sae.reconstruct(new float[2 * 16], 2);
            for (float v : y) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void wrongInputLengthIsAProgrammingError() {
        try (Sae sae = SaeLoader.load(Goldens.root().resolve("standard/sae"))) {
            assertThatThrownBy(() -> sae.encode(new float[15], 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void logSparsityIsReadFromSparsitySafetensors() {
        try (Sae sae = SaeLoader.load(Goldens.root().resolve("standard/sae"))) {
            assertThat(sae.logSparsity()).hasSize(40);
            for (float v : sae.logSparsity()) {
                // The script drew densities in [1e-4, 0.5]: log10 in [-4, log10(0.5)].
                assertThat(v).isBetween(-4.0001f, -0.3f);
            }
        }
        try (Sae sae = SaeLoader.load(Goldens.root().resolve("gated/sae"))) {
            assertThat(sae.logSparsity()).isNull();
        }
    }
}
