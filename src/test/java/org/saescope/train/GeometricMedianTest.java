package org.saescope.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeometricMedianTest {
    @Test
    void inOneDimensionItIsTheMedian() {
        // {0, 1, 2, 10, 11}: the median 2 minimises Σ|x − y|; the mean (4.8) does not
        float[] pts = {10, 0, 11, 2, 1};
        assertThat((double) GeometricMedian.of(pts, 1, 1000, 1e-12)[0]).isCloseTo(2.0, within(1e-3));
    }

    @Test
    void itMinimisesTheSummedDistanceAndIgnoresAnOutlier() {
        SplittableRandom rng = new SplittableRandom(5);
        int d = 3;
        int n = 41;
        float[] pts = new float[n * d];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < d; i++) {
            pts[i] = 1000f; // one huge point, like a BOS activation
        }
        float[] y = GeometricMedian.of(pts, d, 500, 1e-12);
        double best = summedDistance(pts, d, y);
        // every small move makes the sum larger: y is a minimum
        for (int i = 0; i < d; i++) {
            for (double step : new double[] {-1e-2, 1e-2}) {
                float[] z = y.clone();
                z[i] += (float) step;
                assertThat(summedDistance(pts, d, z)).isGreaterThan(best);
            }
        }
        // the mean is dragged about 1000/41 ≈ 24 along the outlier; the median stays near 0
        float[] mean = GeometricMedian.meanOf(pts, d);
        assertThat((double) mean[0]).isGreaterThan(20);
        for (float v : y) {
            assertThat((double) Math.abs(v)).isLessThan(1.0);
        }
    }

    private static double summedDistance(float[] pts, int d, float[] y) {
        double s = 0;
        for (int t = 0; t < pts.length / d; t++) {
            double ss = 0;
            for (int i = 0; i < d; i++) {
                double e = pts[t * d + i] - y[i];
                ss += e * e;
            }
            s += Math.sqrt(ss);
        }
        return s;
    }
}
