package org.saescope.sae.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.HashMap;
import java.util.Map;
import org.saescope.sae.SparseCodes;

/** Comparisons of sparse codes between a kernel under test and a trusted one. */
final class CodesAssert {
    private CodesAssert() {
    }

    /**
     * Same tokens, the same features in the same order on each, values within {@code relTol}
     * relative. For inputs where both kernels see exactly the same pre-activations.
     */
    static void assertSameCodes(SparseCodes expected, SparseCodes actual, double relTol) {
        assertThat(actual.tokens()).as("tokens").isEqualTo(expected.tokens());
        for (int t = 0; t < expected.tokens(); t++) {
            assertThat(actual.count(t)).as("L0 of token %d", t).isEqualTo(expected.count(t));
            for (int p = 0; p < expected.count(t); p++) {
                int pe = expected.start(t) + p;
                int pa = actual.start(t) + p;
                assertThat(actual.indices()[pa]).as("feature at rank %d of token %d", p, t)
                        .isEqualTo(expected.indices()[pe]);
                float e = expected.values()[pe];
                float a = actual.values()[pa];
                assertThat((double) Math.abs(a - e)).as("value of feature %d on token %d", expected.indices()[pe], t)
                        .isLessThanOrEqualTo(relTol * Math.abs(e));
            }
        }
    }

    /**
     * For plain-float inputs, where a matmul and a sequential sum round differently: each feature
     * present in both has values within {@code relTol}; a feature present in only one must be a
     * borderline case (value within tolerance of zero, of its JumpReLU threshold, or of the smallest
     * value kept by the other side when that side is a full top-k); and every row of {@code actual}
     * is sorted by value descending, ties by index.
     */
    static void assertCloseCodes(EncoderSpec spec, SparseCodes expected, SparseCodes actual, double relTol) {
        assertThat(actual.tokens()).as("tokens").isEqualTo(expected.tokens());
        double absTol = 1e-5;
        for (int t = 0; t < expected.tokens(); t++) {
            assertSortedPositive(actual, t);
            if (spec.arch() == Arch.TOPK) {
                assertThat(actual.count(t)).as("L0 of token %d", t).isLessThanOrEqualTo(spec.k());
            }
            Map<Integer, Float> e = row(expected, t);
            Map<Integer, Float> a = row(actual, t);
            for (Map.Entry<Integer, Float> en : e.entrySet()) {
                Float av = a.get(en.getKey());
                if (av != null) {
                    double d = Math.abs(av - en.getValue());
                    if (d > relTol * Math.abs(en.getValue()) + 1e-6) {
                        fail("token %d feature %d: expected %s, got %s", t, en.getKey(), en.getValue(), av);
                    }
                } else if (!borderline(spec, en.getKey(), en.getValue(), actual, t, relTol, absTol)) {
                    fail("token %d: feature %d (%s) missing from the kernel's codes", t, en.getKey(), en.getValue());
                }
            }
            for (Map.Entry<Integer, Float> an : a.entrySet()) {
                if (!e.containsKey(an.getKey())
                        && !borderline(spec, an.getKey(), an.getValue(), expected, t, relTol, absTol)) {
                    fail("token %d: feature %d (%s) should not be active", t, an.getKey(), an.getValue());
                }
            }
        }
    }

    private static boolean borderline(EncoderSpec spec, int f, float v, SparseCodes other, int t, double relTol,
                                      double absTol) {
        if (v <= absTol) {
            return true;
        }
        if (spec.arch() == Arch.JUMPRELU && Math.abs(v - spec.threshold()[f]) <= relTol * Math.abs(v) + absTol) {
            return true;
        }
        if (spec.arch() == Arch.TOPK && other.count(t) == spec.k()) {
            float smallest = other.values()[other.end(t) - 1];
            return Math.abs(v - smallest) <= relTol * Math.abs(v) + absTol;
        }
        return false;
    }

    private static void assertSortedPositive(SparseCodes c, int t) {
        for (int p = c.start(t); p < c.end(t); p++) {
            assertThat(c.values()[p]).as("stored activation").isGreaterThan(0f);
            if (p > c.start(t)) {
                float prev = c.values()[p - 1];
                float cur = c.values()[p];
                boolean ordered = prev > cur || (prev == cur && c.indices()[p - 1] < c.indices()[p]);
                assertThat(ordered).as("token %d sorted by value desc, index asc at %d", t, p - c.start(t)).isTrue();
            }
        }
    }

    private static Map<Integer, Float> row(SparseCodes c, int t) {
        Map<Integer, Float> m = new HashMap<>();
        for (int p = c.start(t); p < c.end(t); p++) {
            m.put(c.indices()[p], c.values()[p]);
        }
        return m;
    }

    /** Element-wise |a - e| ≤ relTol · max(|e|, 1) (decoder outputs are O(1)). */
    static void assertClose(float[] expected, float[] actual, double relTol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (d > relTol * Math.max(1.0, Math.abs(expected[i]))) {
                fail("element %d: expected %s, got %s", i, expected[i], actual[i]);
            }
        }
    }
}
