package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.saescope.sae.SparseCodes;

/**
 * Both ways of ranking a token's features — from windows in memory and from streamed pair totals —
 * against a direct count, on data with many ties in count (few activation values) and tokens with
 * more than {@link TokenFeatures#PER_TOKEN} features; the in-memory way also on three threads.
 */
class TokenFeaturesTest {
    @Test
    void windowsAndPairTotalsRankAlikeAndAsADirectCount() throws Exception {
        Random r = new Random(3);
        int dSae = 90;
        int windows = 40;
        int[][] tokens = new int[windows][];
        SparseCodes[] codes = new SparseCodes[windows];
        PairCounts pairs = new PairCounts();
        int vocab = 25;
        long[][] count = new long[vocab][dSae];
        double[][] sum = new double[vocab][dSae];
        for (int w = 0; w < windows; w++) {
            int n = 1 + r.nextInt(30);
            tokens[w] = new int[n];
            int[] rowStart = new int[n + 1];
            List<Integer> idx = new ArrayList<>();
            List<Float> val = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int tok = r.nextInt(4) == 0 ? 2 : r.nextInt(vocab); // token 2 is frequent
                tokens[w][t] = tok;
                for (int f = 0; f < dSae; f++) {
                    if (r.nextInt(3) == 0) {
                        float a = r.nextInt(5) == 0 ? 0f : (1 + r.nextInt(3)) * 0.5f; // zeros never count
                        idx.add(f);
                        val.add(a);
                        if (a > 0) {
                            count[tok][f]++;
                            sum[tok][f] += a;
                            pairs.add(tok, f, a);
                        }
                    }
                }
                rowStart[t + 1] = idx.size();
            }
            int[] ia = idx.stream().mapToInt(Integer::intValue).toArray();
            float[] va = new float[val.size()];
            for (int i = 0; i < va.length; i++) {
                va[i] = val.get(i);
            }
            codes[w] = new SparseCodes(rowStart, ia, va);
        }
        List<String> expected = new ArrayList<>();
        for (int tok = 0; tok < vocab; tok++) {
            List<Integer> fs = new ArrayList<>();
            for (int f = 0; f < dSae; f++) {
                if (count[tok][f] > 0) {
                    fs.add(f);
                }
            }
            final int t = tok;
            fs.sort((a, b) -> count[t][a] != count[t][b] ? Long.compare(count[t][b], count[t][a])
                    : sum[t][a] / count[t][a] != sum[t][b] / count[t][b] ? Double.compare(sum[t][b] / count[t][b], sum[t][a] / count[t][a])
                    : Integer.compare(a, b));
            for (int i = 0; i < Math.min(TokenFeatures.PER_TOKEN, fs.size()); i++) {
                int f = fs.get(i);
                expected.add(tok + ":" + i + ":" + f + ":" + count[tok][f] + ":" + sum[tok][f] / count[tok][f]);
            }
        }
        assertThat(expected.stream().filter(e -> e.startsWith("2:19:")).count()).as("token 2 fills its list").isEqualTo(1);

        assertThat(rows(TokenFeatures.fromPairs(new PairCounts[] {pairs}))).isEqualTo(expected);
        assertThat(rows(TokenFeatures.fromWindows(tokens, codes, dSae, Runnable::run))).isEqualTo(expected);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            TokenFeatures threaded = TokenFeatures.fromWindows(tokens, codes, dSae, task -> {
                List<Future<?>> others = List.of(pool.submit(task), pool.submit(task));
                task.run();
                for (Future<?> f : others) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertThat(rows(threaded)).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> rows(TokenFeatures tf) {
        List<String> out = new ArrayList<>();
        for (int g = 0; g < tf.tokens.length; g++) {
            for (int i = tf.start[g]; i < tf.start[g + 1]; i++) {
                out.add(tf.tokens[g] + ":" + (i - tf.start[g]) + ":" + tf.feature[i] + ":" + tf.count[i] + ":" + tf.mean[i]);
            }
        }
        return out;
    }
}
