package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RowTopKTest {
    /** The one-pass top-and-bottom selection must pick exactly what two signed passes pick, ties and NaN included. */
    @Test
    void selectBothMatchesTwoSignedSelections() {
        Random r = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(300);
            int k = 1 + r.nextInt(12);
            float[] row = new float[n + 5];
            for (int j = 0; j < row.length; j++) {
                int kind = r.nextInt(10);
                row[j] = kind == 0 ? Float.NaN : kind < 4 ? r.nextInt(5) - 2 : (float) r.nextGaussian(); // many ties
            }
            int[] ti = new int[k + 2];
            float[] tv = new float[k + 2];
            int[] bi = new int[k + 2];
            float[] bv = new float[k + 2];
            int[] ti2 = new int[k + 2];
            float[] tv2 = new float[k + 2];
            int[] bi2 = new int[k + 2];
            float[] bv2 = new float[k + 2];
            int got = RowTopK.selectBoth(row, 5, n, k, ti, tv, bi, bv, 2);
            int top = RowTopK.select(row, 5, n, k, 1f, -1, ti2, tv2, 2);
            int bottom = RowTopK.select(row, 5, n, k, -1f, -1, bi2, bv2, 2);
            assertThat(got).isEqualTo(top).isEqualTo(bottom);
            assertThat(ti).isEqualTo(ti2);
            assertThat(tv).isEqualTo(tv2);
            assertThat(bi).isEqualTo(bi2);
            assertThat(bv).isEqualTo(bv2);
        }
    }
}
