package org.saescope.lm;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks the next token from one row of logits, in Java, reproducibly for a given random stream. */
final class Sampler {
    private final float temperature;
    private final int topK;
    private final float topP;
    private final SplittableRandom random;

    Sampler(GenerationOptions o) {
        this.temperature = o.temperature();
        this.topK = o.topK();
        this.topP = o.topP();
        this.random = new SplittableRandom(o.seed());
    }

    int next(float[] logits) {
        return temperature == 0f ? argmax(logits) : sample(logits);
    }

    /** Index of the largest logit; the lowest index wins ties (as torch.argmax does). */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private int sample(float[] logits) {
        int v = logits.length;
        // Candidates in descending logit order (stable: lower id first on ties). Sorting all of them is
        // only needed for top-k / top-p; plain sampling keeps the natural order.
        int[] order = new int[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        int n = v;
        if (topK > 0 || topP < 1f) {
            order = Arrays.stream(order).boxed()
                    .sorted((a, b) -> Float.compare(logits[b], logits[a]))
                    .mapToInt(Integer::intValue).toArray();
            if (topK > 0) {
                n = Math.min(topK, v);
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[order[i]]);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[order[i]] - max) / temperature);
            sum += p[i];
        }
        if (topP < 1f) {
            // The smallest prefix (in descending order) whose probability reaches topP; at least one token.
            double cum = 0;
            int keep = 0;
            while (keep < n) {
                cum += p[keep] / sum;
                keep++;
                if (cum >= topP) {
                    break;
                }
            }
            n = keep;
            sum = 0;
            for (int i = 0; i < n; i++) {
                sum += p[i];
            }
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            u -= p[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[n - 1]; // u landed on the rounding slack at the very end
    }
}
