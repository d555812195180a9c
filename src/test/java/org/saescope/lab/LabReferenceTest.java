package org.saescope.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-derived gradients, the Adam steps and the geometry read-outs against
 * src/test/python/lab_reference.py (torch autograd and torch.optim.Adam in float64, numpy).
 */
class LabReferenceTest {
    private static final double TOL = 1e-12;
    private static JsonNode ref;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LabReferenceTest.class.getResourceAsStream("/lab/lab_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void toyModelGradientsMatchAutograd() {
        JsonNode c = ref.get("toy");
        int n = c.get("n").asInt();
        int m = c.get("m").asInt();
        double[] w = arr(c.get("w"));
        double[] b = arr(c.get("b"));
        double[] gw = new double[w.length];
        double[] gb = new double[n];
        double loss = ToyModelMath.lossAndGradients(n, m, w, b, arr(c.get("x").get(0)), c.get("batch").asInt(),
                arr(c.get("importance")), gw, gb);
        JsonNode first = c.get("first");
        assertThat(loss).isCloseTo(first.get("loss").asDouble(), within(TOL));
        assertClose(gw, arr(first.get("grad_w")));
        assertClose(gb, arr(first.get("grad_b")));
        assertThat(java.util.Arrays.stream(gw).map(Math::abs).max().orElse(0)).as("the case must exercise real gradients").isGreaterThan(1e-3);
    }

    @Test
    void toyModelAdamStepsMatchTorch() {
        JsonNode c = ref.get("toy");
        int n = c.get("n").asInt();
        int m = c.get("m").asInt();
        double[] w = arr(c.get("w"));
        double[] b = arr(c.get("b"));
        double[] gw = new double[w.length];
        double[] gb = new double[n];
        Adam adam = new Adam(c.get("lr").asDouble(), w.length, n);
        for (int s = 0; s < c.get("steps").size(); s++) {
            JsonNode expected = c.get("steps").get(s);
            double loss = ToyModelMath.lossAndGradients(n, m, w, b, arr(c.get("x").get(s)), c.get("batch").asInt(),
                    arr(c.get("importance")), gw, gb);
            adam.step(new double[][] {w, b}, new double[][] {gw, gb});
            assertThat(loss).isCloseTo(expected.get("loss").asDouble(), within(TOL));
            assertClose(w, arr(expected.get("w")));
            assertClose(b, arr(expected.get("b")));
        }
    }

    @Test
    void geometryMatchesNumpy() {
        JsonNode c = ref.get("geometry");
        int n = c.get("n").asInt();
        int m = c.get("m").asInt();
        double[] w = arr(c.get("w"));
        assertClose(FeatureGeometry.gram(w, n, m), arr(c.get("gram")));
        assertClose(FeatureGeometry.norms(w, n, m), arr(c.get("norms")));
        assertClose(FeatureGeometry.superposition(w, n, m), arr(c.get("superposition")));
        assertClose(FeatureGeometry.dimensionality(w, n, m), arr(c.get("dimensionality")));
        assertThat(FeatureGeometry.dimensionsPerFeature(w, m)).isCloseTo(c.get("dims_per_feature").asDouble(), within(TOL));
        assertThat(FeatureGeometry.meanMaxCosine(w, n, m, arr(c.get("atoms")), c.get("d").asInt()))
                .isCloseTo(c.get("mmcs").asDouble(), within(TOL));
    }

    @Test
    void saeGradientsAndStepsMatchTorch() {
        for (JsonNode c : ref.get("sae")) {
            ToySaeArch arch = ToySaeArch.valueOf(c.get("arch").asText());
            int m = c.get("m").asInt();
            int d = c.get("d").asInt();
            int batch = c.get("batch").asInt();
            double l1 = c.get("l1").asDouble();
            int k = c.get("k").asInt();
            double[] h = arr(c.get("h"));
            ToySae sae = new ToySae(m, d, arr(c.get("w_enc")), arr(c.get("b_enc")), arr(c.get("w_dec")), arr(c.get("b_dec")));
            ToySae.Grads g = new ToySae.Grads(m, d);
            double loss = sae.lossAndGradients(h, batch, arch, k, l1, g, null);
            JsonNode first = c.get("first");
            assertThat(loss).as(arch + " loss").isCloseTo(first.get("loss").asDouble(), within(TOL));
            assertClose(g.wEnc, arr(first.get("grad_w_enc")));
            assertClose(g.bEnc, arr(first.get("grad_b_enc")));
            assertClose(g.wDec, arr(first.get("grad_w_dec")));
            assertClose(g.bDec, arr(first.get("grad_b_dec")));

            Adam adam = new Adam(c.get("lr").asDouble(), d * m, d, d * m, m);
            for (JsonNode expected : c.get("steps")) {
                double l = sae.lossAndGradients(h, batch, arch, k, l1, g, null);
                adam.step(sae.params(), g.all());
                sae.normalizeDecoder();
                assertThat(l).as(arch + " step loss").isCloseTo(expected.get("loss").asDouble(), within(TOL));
                assertClose(sae.wEnc, arr(expected.get("w_enc")));
                assertClose(sae.bEnc, arr(expected.get("b_enc")));
                assertClose(sae.wDec, arr(expected.get("w_dec")));
                assertClose(sae.bDec, arr(expected.get("b_dec")));
            }
        }
    }

    @Test
    void topKKeepsExactlyKCodes() {
        JsonNode c = ref.get("sae").get(1);
        int m = c.get("m").asInt();
        ToySae sae = new ToySae(m, c.get("d").asInt(), arr(c.get("w_enc")), arr(c.get("b_enc")),
                arr(c.get("w_dec")), arr(c.get("b_dec")));
        double[] h = arr(c.get("h"));
        for (int s = 0; s < c.get("batch").asInt(); s++) {
            double[] f = sae.encode(h, s * m, ToySaeArch.TOPK, 2);
            assertThat(java.util.Arrays.stream(f).filter(v -> v > 0).count()).isLessThanOrEqualTo(2);
        }
        // Equal pre-activations: the tie goes to the lower index and exactly k survive.
        ToySae ties = new ToySae(1, 4, new double[] {1, 1, 1, 0.5}, new double[4], new double[] {1, 1, 1, 1}, new double[1]);
        assertThat(ties.encode(new double[] {2}, 0, ToySaeArch.TOPK, 2)).containsExactly(2, 2, 0, 0);
    }

    @Test
    void kthLargestAgreesWithSorting() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
        for (int trial = 0; trial < 200; trial++) {
            double[] a = new double[1 + rng.nextInt(30)];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextInt(6) - 2.5; // few distinct values: many ties
            }
            double[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            for (int k = 1; k <= a.length; k++) {
                assertThat(ToySae.kthLargest(a, k)).isEqualTo(sorted[a.length - k]);
            }
        }
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], within(TOL * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static double[] arr(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }
}
