package org.saescope.train.lm;

import java.util.HashMap;
import java.util.Map;

/**
 * Count-based baselines for the demo model's held-out loss, fitted on the training stream and
 * scored (mean −ln p, nats) on exactly the (previous token, target) pairs the model is scored on
 * in {@link HeldOutLoss}:
 * <ul>
 *   <li>unigram, add-one (Laplace) smoothed over the whole vocabulary:
 *       {@code p(w) = (c(w) + 1) / (N + V)};</li>
 *   <li>bigram, interpolated Kneser–Ney with absolute discount D = 0.75 (Chen &amp; Goodman 1998):
 *       {@code p(w|v) = max(c(vw) − D, 0) / c(v·) + D · N1+(v·) / c(v·) · p_cont(w)}, and
 *       {@code p_cont(w)} for a context never seen in training; the continuation distribution is
 *       add-one smoothed so tokens never seen as a continuation keep some mass:
 *       {@code p_cont(w) = (N1+(·w) + 1) / (N1+(··) + V)}.</li>
 * </ul>
 */
public final class NgramBaselines {
    public static final double KN_DISCOUNT = 0.75;

    /** Held-out cross-entropies in nats per token. */
    public record Result(double unigram, double bigram, long pairs) {
    }

    private NgramBaselines() {
    }

    public static Result fit(int[] train, TokenWindows heldOut, int vocab) {
        long[] unigram = new long[vocab];
        long[] contextCount = new long[vocab];   // c(v·)
        long[] followers = new long[vocab];      // N1+(v·)
        long[] predecessors = new long[vocab];   // N1+(·w)
        Map<Long, Integer> bigram = new HashMap<>();
        for (int t : train) {
            unigram[t]++;
        }
        for (int i = 0; i + 1 < train.length; i++) {
            int v = train[i];
            int w = train[i + 1];
            int c = bigram.merge((long) v * vocab + w, 1, Integer::sum);
            contextCount[v]++;
            if (c == 1) {
                followers[v]++;
                predecessors[w]++;
            }
        }
        long distinctBigrams = bigram.size();
        double uniSum = 0;
        double biSum = 0;
        long pairs = 0;
        int ctx = heldOut.context();
        long[] in = new long[ctx];
        long[] tg = new long[ctx];
        for (int wi = 0; wi < heldOut.windowCount(); wi++) {
            heldOut.window(wi, in, tg, 0);
            for (int i = 0; i < ctx; i++) {
                int v = (int) in[i];
                int w = (int) tg[i];
                uniSum -= Math.log((unigram[w] + 1.0) / (train.length + (double) vocab));
                double pCont = (predecessors[w] + 1.0) / (distinctBigrams + (double) vocab);
                double p;
                if (contextCount[v] == 0) {
                    p = pCont;
                } else {
                    Integer c = bigram.get((long) v * vocab + w);
                    double cv = contextCount[v];
                    p = Math.max((c == null ? 0 : c) - KN_DISCOUNT, 0) / cv + KN_DISCOUNT * followers[v] / cv * pCont;
                }
                biSum -= Math.log(p);
                pairs++;
            }
        }
        return new Result(uniSum / pairs, biSum / pairs, pairs);
    }
}
