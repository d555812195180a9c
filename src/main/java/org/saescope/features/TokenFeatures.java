package org.saescope.features;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.saescope.sae.SparseCodes;

/**
 * Per token id the features that fire on it most often: more firings first, then the higher mean
 * activation, then the lower feature id. A pair's mean is its activation sum, accumulated in
 * corpus order, over its count, so both ways of building this give the same bits.
 *
 * <ul>
 *   <li>{@link #fromWindows} works on decoded windows held in memory: the positions are grouped by
 *       token (a counting sort), and each token's firings are added into one dense scratch row
 *       over the features, which stays in cache. This avoids the per-firing hash-table update of
 *       the other way, a cache miss each, which took most of stage 2 on the demo's dense SAE.</li>
 *   <li>{@link #fromPairs} ranks the totals a {@link PairCounts} gathered while the windows
 *       streamed past, for corpora whose windows do not fit in memory.</li>
 * </ul>
 */
final class TokenFeatures {
    /** Features kept per token. */
    static final int PER_TOKEN = 20;

    /** Token ids with at least one firing, ascending. */
    final int[] tokens;
    /** Token {@code tokens[g]}'s ranked features are entries {@code [start[g], start[g+1])}. */
    final int[] start;
    final int[] feature;
    final int[] count;
    final double[] mean;

    private TokenFeatures(int[] tokens, int[] start, int[] feature, int[] count, double[] mean) {
        this.tokens = tokens;
        this.start = start;
        this.feature = feature;
        this.count = count;
        this.mean = mean;
    }

    /** Tokens per claim in {@link #fromWindows}: small enough to balance, large enough to keep the counter cold. */
    private static final int CLAIM = 64;

    /**
     * Ranks from windows in memory. {@code tokens[w]} and {@code codes[w]} are window w's token ids
     * and codes, in corpus order; only activations above zero count. {@code onEveryWorker} runs its
     * argument on each of the caller's threads at once and returns when all are done; the result
     * does not depend on how many there are, since each token is ranked whole by one of them.
     */
    static TokenFeatures fromWindows(int[][] tokens, SparseCodes[] codes, int dSae, Consumer<Runnable> onEveryWorker) {
        int maxToken = -1;
        int positions = 0;
        for (int[] w : tokens) {
            for (int t : w) {
                maxToken = Math.max(maxToken, t);
            }
            positions += w.length;
        }
        // Counting sort of the positions by token, stable: each token's positions stay in corpus order.
        int[] groupStart = new int[maxToken + 2];
        for (int[] w : tokens) {
            for (int t : w) {
                groupStart[t + 1]++;
            }
        }
        for (int t = 0; t <= maxToken; t++) {
            groupStart[t + 1] += groupStart[t];
        }
        int[] fill = Arrays.copyOf(groupStart, maxToken + 1);
        int[] posWindow = new int[positions];
        int[] posIndex = new int[positions];
        for (int w = 0; w < tokens.length; w++) {
            for (int i = 0; i < tokens[w].length; i++) {
                int at = fill[tokens[w][i]]++;
                posWindow[at] = w;
                posIndex[at] = i;
            }
        }
        int ids = maxToken + 1;
        int[] kept = new int[ids];
        int[] outFeature = new int[ids * PER_TOKEN];
        int[] outCount = new int[ids * PER_TOKEN];
        double[] outMean = new double[ids * PER_TOKEN];
        AtomicInteger next = new AtomicInteger();
        onEveryWorker.accept(() -> {
            int[] cnt = new int[dSae];
            double[] sum = new double[dSae];
            int[] touched = new int[dSae];
            int[] best = new int[PER_TOKEN];
            double[] bestMean = new double[PER_TOKEN];
            for (int from; (from = next.getAndAdd(CLAIM)) < ids; ) {
                for (int tok = from; tok < Math.min(ids, from + CLAIM); tok++) {
                    int nt = 0;
                    for (int p = groupStart[tok]; p < groupStart[tok + 1]; p++) {
                        SparseCodes c = codes[posWindow[p]];
                        int[] idx = c.indices();
                        float[] val = c.values();
                        int t = posIndex[p];
                        for (int i = c.start(t); i < c.end(t); i++) {
                            float a = val[i];
                            if (a > 0) {
                                int f = idx[i];
                                if (cnt[f]++ == 0) {
                                    touched[nt++] = f;
                                }
                                sum[f] += a;
                            }
                        }
                    }
                    int k = 0;
                    for (int j = 0; j < nt; j++) {
                        int f = touched[j];
                        double m = sum[f] / cnt[f];
                        if (k < PER_TOKEN || ranksAbove(cnt[f], m, f, cnt[best[k - 1]], bestMean[k - 1], best[k - 1])) {
                            int at = k < PER_TOKEN ? k++ : k - 1;
                            while (at > 0 && ranksAbove(cnt[f], m, f, cnt[best[at - 1]], bestMean[at - 1], best[at - 1])) {
                                best[at] = best[at - 1];
                                bestMean[at] = bestMean[at - 1];
                                at--;
                            }
                            best[at] = f;
                            bestMean[at] = m;
                        }
                    }
                    for (int r = 0; r < k; r++) {
                        outFeature[tok * PER_TOKEN + r] = best[r];
                        outCount[tok * PER_TOKEN + r] = cnt[best[r]];
                        outMean[tok * PER_TOKEN + r] = bestMean[r];
                    }
                    kept[tok] = k;
                    for (int j = 0; j < nt; j++) {
                        cnt[touched[j]] = 0;
                        sum[touched[j]] = 0;
                    }
                }
            }
        });
        return compact(kept, outFeature, outCount, outMean);
    }

    /** Ranks from pair totals gathered by {@link PairCounts} (any split of the features over parts). */
    static TokenFeatures fromPairs(PairCounts[] parts) {
        int m = 0;
        for (PairCounts pc : parts) {
            m += pc.size();
        }
        int[] token = new int[m];
        int[] feature = new int[m];
        int[] count = new int[m];
        double[] mean = new double[m];
        int[] n = {0};
        int[] maxToken = {-1};
        for (PairCounts pc : parts) {
            pc.forEach((t, f, c, sum) -> {
                int i = n[0]++;
                token[i] = t;
                feature[i] = f;
                count[i] = c;
                mean[i] = sum / c;
                maxToken[0] = Math.max(maxToken[0], t);
            });
        }
        // Counting sort by token: byToken[groupStart[t] .. groupStart[t+1]) are token t's pairs.
        int ids = maxToken[0] + 1;
        int[] groupStart = new int[ids + 1];
        for (int i = 0; i < m; i++) {
            groupStart[token[i] + 1]++;
        }
        for (int t = 0; t < ids; t++) {
            groupStart[t + 1] += groupStart[t];
        }
        int[] fill = Arrays.copyOf(groupStart, ids);
        int[] byToken = new int[m];
        for (int i = 0; i < m; i++) {
            byToken[fill[token[i]]++] = i;
        }
        int[] kept = new int[ids];
        int[] outFeature = new int[ids * PER_TOKEN];
        int[] outCount = new int[ids * PER_TOKEN];
        double[] outMean = new double[ids * PER_TOKEN];
        int[] best = new int[PER_TOKEN];
        for (int t = 0; t < ids; t++) {
            int k = 0;
            for (int g = groupStart[t]; g < groupStart[t + 1]; g++) {
                int i = byToken[g];
                if (k == PER_TOKEN && !ranksAbove(count[i], mean[i], feature[i], count[best[k - 1]], mean[best[k - 1]], feature[best[k - 1]])) {
                    continue;
                }
                int at = k == PER_TOKEN ? k - 1 : k++;
                while (at > 0 && ranksAbove(count[i], mean[i], feature[i], count[best[at - 1]], mean[best[at - 1]], feature[best[at - 1]])) {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = i;
            }
            for (int r = 0; r < k; r++) {
                outFeature[t * PER_TOKEN + r] = feature[best[r]];
                outCount[t * PER_TOKEN + r] = count[best[r]];
                outMean[t * PER_TOKEN + r] = mean[best[r]];
            }
            kept[t] = k;
        }
        return compact(kept, outFeature, outCount, outMean);
    }

    /** Whether pair (count a, mean ma, feature fa) ranks above (b, mb, fb): more firings, then higher mean, then lower id. */
    private static boolean ranksAbove(int a, double ma, int fa, int b, double mb, int fb) {
        if (a != b) {
            return a > b;
        }
        int m = Double.compare(ma, mb);
        return m != 0 ? m > 0 : fa < fb;
    }

    /** Drops the tokens with nothing kept and the unused slots. */
    private static TokenFeatures compact(int[] kept, int[] outFeature, int[] outCount, double[] outMean) {
        int groups = 0;
        int entries = 0;
        for (int k : kept) {
            if (k > 0) {
                groups++;
                entries += k;
            }
        }
        int[] tokens = new int[groups];
        int[] start = new int[groups + 1];
        int[] feature = new int[entries];
        int[] count = new int[entries];
        double[] mean = new double[entries];
        int g = 0;
        int e = 0;
        for (int t = 0; t < kept.length; t++) {
            if (kept[t] == 0) {
                continue;
            }
            tokens[g] = t;
            start[g] = e;
            System.arraycopy(outFeature, t * PER_TOKEN, feature, e, kept[t]);
            System.arraycopy(outCount, t * PER_TOKEN, count, e, kept[t]);
            System.arraycopy(outMean, t * PER_TOKEN, mean, e, kept[t]);
            e += kept[t];
            g++;
        }
        start[groups] = e;
        return new TokenFeatures(tokens, start, feature, count, mean);
    }
}
