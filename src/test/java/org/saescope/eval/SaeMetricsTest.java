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
import org.saescope.sae.SparseCodes;

/**
 * SaeMetrics against numpy (src/test/python/eval_metrics_reference.py) and against values worked
 * out by hand in the comments.
 */
class SaeMetricsTest {
    private static JsonNode recon;
    private static int n;
    private static int dIn;
    private static int dSae;
    private static float[] x;
    private static float[] xHat;
    private static int[] rowStart;
    private static int[] indices;
    private static float[] values;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SaeMetricsTest.class.getResourceAsStream("/eval/metrics_reference.json")) {
            recon = new ObjectMapper().readTree(in).get("recon");
        }
        n = recon.get("n").asInt();
        dIn = recon.get("d_in").asInt();
        dSae = recon.get("d_sae").asInt();
        x = floats(recon.get("x"));
        xHat = floats(recon.get("xhat"));
        rowStart = ints(recon.get("row_start"));
        indices = ints(recon.get("indices"));
        values = floats(recon.get("values"));
    }

    @Test
    void oneBatchMatchesNumpy() {
        SaeMetrics m = new SaeMetrics(dIn, dSae);
        m.add(x, xHat, new SparseCodes(rowStart, indices, values));
        assertMatchesReference(m);
    }

    @Test
    void streamingInUnevenBatchesGivesTheSameNumbers() {
        SaeMetrics m = new SaeMetrics(dIn, dSae);
        int[] sizes = {1, 4, 5, 3};
        int t0 = 0;
        for (int size : sizes) {
            addSlice(m, t0, t0 + size);
            t0 += size;
        }
        assertThat(t0).isEqualTo(n);
        assertMatchesReference(m);
    }

    @Test
    void explainedVarianceIsOverTheWholeSetNotAnAverageOfBatches() {
        // The averaged per-batch value differs from the whole-set one on this data, so a per-batch
        // implementation would fail streamingInUnevenBatchesGivesTheSameNumbers.
        int[] sizes = {1, 4, 5, 3};
        double sumEv = 0;
        int batches = 0;
        int t0 = 0;
        for (int size : sizes) {
            if (size > 1) {
                SaeMetrics b = new SaeMetrics(dIn, dSae);
                addSlice(b, t0, t0 + size);
                sumEv += b.explainedVariance();
                batches++;
            }
            t0 += size;
        }
        double expected = recon.get("expected").get("explained_variance").asDouble();
        assertThat(Math.abs(sumEv / batches - expected)).isGreaterThan(0.01);
    }

    @Test
    void handWorkedTokensWithZeroInputAndZeroReconstruction() {
        // t0: x=(3,4) x̂=(0,0): err 25, cos 0 and ratio 0 (x̂ = 0).
        // t1: x=(0,0) x̂=(1,0): err 1, left out of cossim and l2_ratio (‖x‖ = 0).
        // t2: x=(1,0) x̂=(1,1): err 1, cos 1/√2, ratio √2.
        float[] xs = {3, 4, 0, 0, 1, 0};
        float[] hs = {0, 0, 1, 0, 1, 1};
        // codes: t0 {f2: 2.0, f0: -0.5}, t1 {}, t2 {f2: 1.0}; d_sae = 4
        SparseCodes codes = new SparseCodes(new int[] {0, 2, 2, 3}, new int[] {2, 0, 2},
                new float[] {2.0f, -0.5f, 1.0f});
        SaeMetrics m = new SaeMetrics(2, 4);
        m.add(xs, hs, codes);
        assertThat(m.l0()).isCloseTo(3.0 / 3, within(1e-12));
        assertThat(m.l1()).isCloseTo(3.5 / 3, within(1e-12));
        assertThat(m.mse()).isCloseTo(27.0 / 3 / 2, within(1e-12));
        // E x = (4/3, 4/3); E‖x‖² = 26/3; total variance = 26/3 − 32/9 = 46/9; E err = 9.
        assertThat(m.explainedVariance()).isCloseTo(1 - 9 / (46.0 / 9), within(1e-12));
        assertThat(m.cossim()).isCloseTo(Math.sqrt(0.5) / 2, within(1e-12));
        assertThat(m.l2Ratio()).isCloseTo(Math.sqrt(2) / 2, within(1e-12));
        // f0 fired once, f2 twice, f1 and f3 never; 1/3 and 2/3 of tokens are both > 10%.
        assertThat(m.deadFeatures()).isEqualTo(2);
        assertThat(m.denseFeatures()).isEqualTo(2);
        assertThat(m.firingCounts()).containsExactly(1, 0, 2, 0);
    }

    @Test
    void denseMeansStrictlyMoreThanTenPercent() {
        // 10 tokens, f0 on exactly 1 (10%: not dense), f1 on 2 (20%: dense).
        int tokens = 10;
        // t0 = {f1}, t1 = {f0, f1}, t2..t9 = {}; f2 never fires.
        int[] rs = {0, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3};
        int[] idx = {1, 0, 1};
        float[] val = {1, 1, 1};
        float[] zeros = new float[tokens];
        float[] ones = new float[tokens];
        Arrays.fill(ones, 1f);
        SaeMetrics m = new SaeMetrics(1, 3);
        m.add(ones, zeros, new SparseCodes(rs, idx, val));
        assertThat(m.denseFeatures()).isEqualTo(1);
        assertThat(m.deadFeatures()).isEqualTo(1);
    }

    @Test
    void emptySetGivesNaNAndNoDenseFeatures() {
        SaeMetrics m = new SaeMetrics(3, 5);
        assertThat(m.l0()).isNaN();
        assertThat(m.explainedVariance()).isNaN();
        assertThat(m.cossim()).isNaN();
        assertThat(m.deadFeatures()).isEqualTo(5);
        assertThat(m.denseFeatures()).isZero();
    }

    @Test
    void densityHistogramMatchesNumpyBins() {
        SaeMetrics m = new SaeMetrics(dIn, dSae);
        m.add(x, xHat, new SparseCodes(rowStart, indices, values));
        DensityHistogram h = m.densityHistogram();
        assertThat(h.counts()).containsExactly(longs(recon.get("expected").get("density_counts")));
        assertThat(h.edges()).hasSize(DensityHistogram.BINS + 1);
        assertThat(h.edges()[0]).isEqualTo(-10.0);
        assertThat(h.edges()[DensityHistogram.BINS]).isEqualTo(0.0);
    }

    @Test
    void histogramBinsAtTheEnds() {
        // never fired → log10(1e-10) = -10 → bin 0; fired on every token → log10(1 + 1e-10) → last bin;
        // 1 of 100 tokens → log10(0.01) = -2 → bin (−2 + 10) / 0.5 = 16.
        DensityHistogram h = DensityHistogram.of(new long[] {0, 100, 1}, 100);
        long[] expected = new long[DensityHistogram.BINS];
        expected[0] = 1;
        expected[DensityHistogram.BINS - 1] = 1;
        expected[16] = 1;
        assertThat(h.counts()).containsExactly(expected);
    }

    private static void addSlice(SaeMetrics m, int from, int to) {
        float[] xs = Arrays.copyOfRange(x, from * dIn, to * dIn);
        float[] hs = Arrays.copyOfRange(xHat, from * dIn, to * dIn);
        int base = rowStart[from];
        int[] rs = new int[to - from + 1];
        for (int t = from; t <= to; t++) {
            rs[t - from] = rowStart[t] - base;
        }
        int[] idx = Arrays.copyOfRange(indices, base, rowStart[to]);
        float[] val = Arrays.copyOfRange(values, base, rowStart[to]);
        m.add(xs, hs, new SparseCodes(rs, idx, val));
    }

    private static void assertMatchesReference(SaeMetrics m) {
        JsonNode e = recon.get("expected");
        assertThat(m.tokens()).isEqualTo(n);
        assertThat(m.l0()).isCloseTo(e.get("l0").asDouble(), within(1e-12));
        assertThat(m.l1()).isCloseTo(e.get("l1").asDouble(), within(1e-9));
        assertThat(m.mse()).isCloseTo(e.get("mse").asDouble(), within(1e-9));
        assertThat(m.explainedVariance()).isCloseTo(e.get("explained_variance").asDouble(), within(1e-9));
        assertThat(m.cossim()).isCloseTo(e.get("cossim").asDouble(), within(1e-12));
        assertThat(m.l2Ratio()).isCloseTo(e.get("l2_ratio").asDouble(), within(1e-12));
        assertThat(m.deadFeatures()).isEqualTo(e.get("dead_features").asInt());
        assertThat(m.denseFeatures()).isEqualTo(e.get("dense_features").asInt());
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }
}
