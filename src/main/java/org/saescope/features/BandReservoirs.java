package org.saescope.features;

/**
 * Uniform samples of {@code k} examples from each activation band of each feature: Algorithm R
 * reservoir sampling, one splitmix64 stream per feature seeded from the build's seed and the
 * feature id, so the sample depends only on the seed and the order of the corpus.
 */
final class BandReservoirs {
    private final int bands;
    private final int k;
    private final long[] seen;
    private final float[] act;
    private final int[] window;
    private final int[] pos;
    private final long[] rng;

    BandReservoirs(int features, int bands, int k, long seed) {
        this.bands = bands;
        this.k = k;
        this.seen = new long[features * bands];
        this.act = new float[features * bands * k];
        this.window = new int[features * bands * k];
        this.pos = new int[features * bands * k];
        this.rng = new long[features];
        for (int f = 0; f < features; f++) {
            rng[f] = mix(seed ^ mix(f + 0x5DEECE66DL));
        }
    }

    void offer(int f, int band, float a, int w, int p) {
        int slot = f * bands + band;
        long n = seen[slot]++;
        int j;
        if (n < k) {
            j = (int) n;
        } else {
            long r = Long.remainderUnsigned(next(f), n + 1);
            if (r >= k) {
                return;
            }
            j = (int) r;
        }
        int i = slot * k + j;
        act[i] = a;
        window[i] = w;
        pos[i] = p;
    }

    /** How many activations fell in the band. */
    long count(int f, int band) {
        return seen[f * bands + band];
    }

    /** The band's sample, highest activation first (ties: earlier window, then position). */
    int sorted(int f, int band, int[] windowsOut, int[] posOut, float[] actsOut) {
        int slot = f * bands + band;
        int s = (int) Math.min(k, seen[slot]);
        Integer[] order = new Integer[s];
        for (int i = 0; i < s; i++) {
            order[i] = slot * k + i;
        }
        java.util.Arrays.sort(order, (x, y) -> TopExamples.better(act[x], window[x], pos[x], act[y], window[y], pos[y]) ? -1
                : TopExamples.better(act[y], window[y], pos[y], act[x], window[x], pos[x]) ? 1 : 0);
        for (int i = 0; i < s; i++) {
            windowsOut[i] = window[order[i]];
            posOut[i] = pos[order[i]];
            actsOut[i] = act[order[i]];
        }
        return s;
    }

    private long next(int f) {
        rng[f] += 0x9E3779B97F4A7C15L;
        return mix(rng[f]);
    }

    /** splitmix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
