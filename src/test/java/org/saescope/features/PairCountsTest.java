package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The dense rows and the hash table must count and sum every pair alike, across table growth. */
class PairCountsTest {
    @Test
    void denseRowsAndHashTableGiveTheSamePairs() {
        int lo = 100;
        int hi = 164;
        PairCounts hashOnly = new PairCounts();
        PairCounts mixed = new PairCounts(lo, hi, new int[] {7, 3, 250});
        Map<String, double[]> expected = new TreeMap<>();
        Random r = new Random(5);
        for (int i = 0; i < 300_000; i++) {
            // frequent tokens 3 and 7 land in dense rows; token 250 has one too; the rest hash
            int token = r.nextInt(4) == 0 ? (r.nextBoolean() ? 3 : 7) : r.nextInt(40_000);
            int feature = lo + r.nextInt(hi - lo);
            float act = r.nextFloat() * 10;
            hashOnly.add(token, feature, act);
            mixed.add(token, feature, act);
            double[] e = expected.computeIfAbsent(token + "/" + feature, k -> new double[2]);
            e[0]++;
            e[1] += act;
        }
        assertThat(hashOnly.size()).isEqualTo(expected.size());
        assertThat(mixed.size()).isEqualTo(expected.size());
        for (PairCounts pc : new PairCounts[] {hashOnly, mixed}) {
            Map<String, double[]> got = new TreeMap<>();
            pc.forEach((token, feature, count, sum) -> got.put(token + "/" + feature, new double[] {count, sum}));
            assertThat(got.keySet()).isEqualTo(expected.keySet());
            for (Map.Entry<String, double[]> e : expected.entrySet()) {
                assertThat(got.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
            }
        }
    }
}
