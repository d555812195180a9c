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
        Slots slots = new Slots(ids);
        AtomicInteger next = new AtomicInteger();
        onEveryWorker.accept(() -> {
            int[] cnt = new int[dSae];
            double[] sum = new double[dSae];
            int[] touched = new int[dSae];
            Best best = new Best();
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
                    best.clear();
                    for (int j = 0; j < nt; j++) {
                        int f = touched[j];
                        best.offer(f, cnt[f], sum[f] / cnt[f]);
                    }
                    slots.store(tok, best);
                    for (int j = 0; j < nt; j++) {
                        cnt[touched[j]] = 0;
                        sum[touched[j]] = 0;
                    }
                }
            }
        });
        return slots.compact();
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
        Slots slots = new Slots(ids);
        Best best = new Best();
        for (int t = 0; t < ids; t++) {
            best.clear();
            for (int g = groupStart[t]; g < groupStart[t + 1]; g++) {
                int i = byToken[g];
                best.offer(feature[i], count[i], mean[i]);
            }
            slots.store(t, best);
        }
        return slots.compact();
    }

    /**
     * One token's best {@link #PER_TOKEN} (feature, count, mean), kept in rank order by insertion:
     * more firings first, then the higher mean, then the lower feature id (a total order, since a
     * token's features are distinct, so the order of the offers does not matter).
     */
    private static final class Best {
        final int[] feature = new int[PER_TOKEN];
        final int[] count = new int[PER_TOKEN];
        final double[] mean = new double[PER_TOKEN];
        int size;

        void clear() {
            size = 0;
        }

        void offer(int f, int c, double m) {
            if (size == PER_TOKEN && !ranksAbove(c, m, f, size - 1)) {
                return;
            }
            int at = size < PER_TOKEN ? size++ : size - 1;
            while (at > 0 && ranksAbove(c, m, f, at - 1)) {
                feature[at] = feature[at - 1];
                count[at] = count[at - 1];
                mean[at] = mean[at - 1];
                at--;
            }
            feature[at] = f;
            count[at] = c;
            mean[at] = m;
        }

        /** Whether (c, m, f) ranks above entry r. */
        private boolean ranksAbove(int c, double m, int f, int r) {
            if (c != count[r]) {
                return c > count[r];
            }
            int cmp = Double.compare(m, mean[r]);
            return cmp != 0 ? cmp > 0 : f < feature[r];
        }
    }

    /**
     * {@link #PER_TOKEN} slots per token id, each token filled once from a {@link Best} (workers
     * filling different tokens write disjoint slots), then compacted to the tokens that kept any.
     */
    private static final class Slots {
        private final int[] kept;
        private final int[] feature;
        private final int[] count;
        private final double[] mean;

        Slots(int ids) {
            kept = new int[ids];
            feature = new int[ids * PER_TOKEN];
            count = new int[ids * PER_TOKEN];
            mean = new double[ids * PER_TOKEN];
        }

        void store(int token, Best best) {
            System.arraycopy(best.feature, 0, feature, token * PER_TOKEN, best.size);
            System.arraycopy(best.count, 0, count, token * PER_TOKEN, best.size);
            System.arraycopy(best.mean, 0, mean, token * PER_TOKEN, best.size);
            kept[token] = best.size;
        }

        TokenFeatures compact() {
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
            int[] f = new int[entries];
            int[] c = new int[entries];
            double[] m = new double[entries];
            int g = 0;
            int e = 0;
            for (int t = 0; t < kept.length; t++) {
                if (kept[t] == 0) {
                    continue;
                }
                tokens[g] = t;
                start[g] = e;
                System.arraycopy(feature, t * PER_TOKEN, f, e, kept[t]);
                System.arraycopy(count, t * PER_TOKEN, c, e, kept[t]);
                System.arraycopy(mean, t * PER_TOKEN, m, e, kept[t]);
                e += kept[t];
                g++;
            }
            start[groups] = e;
            return new TokenFeatures(tokens, start, f, c, m);
        }
    }
}
