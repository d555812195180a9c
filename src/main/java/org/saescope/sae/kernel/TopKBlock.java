package org.saescope.sae.kernel;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * TOPK selection for a block of tokens whose raw encoder outputs arrive one column chunk of W_enc
 * at a time (see {@link DjlKernel}): each token keeps its candidates across chunks and is finished
 * after the last one. Keep the k largest pre-activations (ties: lower index), then ReLU, then drop
 * zeros — i.e. the k largest strictly positive pre-activations, sorted by value descending.
 *
 * <p>Per token, a scan in ascending feature order appends every pre-activation above the token's
 * threshold to its candidate buffer as a packed sort key ({@link RowSelector#sortKey}); when the
 * buffer fills it is sorted, cut to the best k, and the threshold rises to the k-th value. Admitting
 * only values strictly above the threshold, in ascending index order, keeps the lower index on equal
 * values. A candidate costs a mispredicted branch and a store, so the threshold starts from a
 * <em>floor</em>: the previous block's smallest ratio of k-th value to input norm, times this
 * token's input norm. If at least k features reach the floor, nothing below it could have been
 * kept and the result is exact; otherwise {@link #finish} reports the token as failed and the caller
 * selects it again without a floor. The floor only saves work; it never changes a result.
 *
 * <p>NaN pre-activations (only possible from NaN or overflowing inputs) count, as in
 * {@link ReferenceKernel}, as larger than everything and are then dropped by the ReLU: each takes one
 * of the k places. Blocks the caller cannot prove finite count them and use no floor.
 *
 * <p>Tokens are independent: workers may scan disjoint tokens in parallel.
 */
final class TopKBlock {
    /** Floors sit a little below the smallest ratio seen, so that a similar block rarely fails. */
    private static final float FLOOR_MARGIN = 0.97f;

    private final EncoderSpec spec;
    private final int k;
    private final int cap;
    private final int maxTokens;
    private final long[] cand;
    private final int[] count;
    private final int[] nan;
    private final float[] floor;
    private final float[] threshold;
    private int tokens;
    private boolean finite;
    /** min over the last finished block's tokens of (k-th value / input norm); 0 until known. */
    private float floorRatio;

    TopKBlock(EncoderSpec spec, int maxTokens) {
        if (spec.arch() != Arch.TOPK) {
            throw new IllegalArgumentException("not a TopK encoder: " + spec.arch());
        }
        this.spec = spec;
        this.k = spec.k();
        this.cap = (int) Math.min(Integer.MAX_VALUE / Math.max(1, maxTokens) - 1, Math.max(256L, 4L * k));
        this.maxTokens = maxTokens;
        this.cand = new long[Math.multiplyExact(maxTokens, cap)];
        this.count = new int[maxTokens];
        this.nan = new int[maxTokens];
        this.floor = new float[maxTokens];
        this.threshold = new float[maxTokens];
    }

    /**
     * Starts a block of {@code n} tokens. With {@code norms} (each token's input L2 norm) and a
     * finite block, tokens start from a floor; with {@code norms == null} they do not.
     */
    void begin(int n, boolean finite, double[] norms) {
        if (n > maxTokens) {
            throw new IllegalArgumentException(n + " tokens in a block of at most " + maxTokens);
        }
        this.tokens = n;
        this.finite = finite;
        boolean useFloor = finite && norms != null && floorRatio > 0f;
        for (int t = 0; t < n; t++) {
            count[t] = 0;
            nan[t] = 0;
            float f = useFloor ? (float) (FLOOR_MARGIN * floorRatio * norms[t]) : 0f;
            // A floor must be a positive finite float to mean anything; anything else means none.
            floor[t] = f > 0f && f < Float.MAX_VALUE ? f : 0f;
            threshold[t] = floor[t] > 0f ? Math.nextDown(floor[t]) : 0f;
        }
    }

    /**
     * Scans token {@code t}'s raw values of features [from, from + len), which start at
     * {@code raw[offset]}.
     */
    void scan(int t, FloatBuffer raw, int offset, int from, int len) {
        float[] b = spec.bEnc();
        float[] s = spec.preScale();
        if (!finite) {
            int nans = 0;
            for (int j = 0; j < len; j++) {
                float v = pre(raw, offset, j, b, s, from);
                if (v != v) {
                    nans++;
                }
            }
            nan[t] += nans;
        }
        long[] c = cand;
        int base = t * cap;
        int end = base + cap;
        int m = base + count[t];
        float th = threshold[t];
        for (int j = 0; j < len; j++) {
            float v = pre(raw, offset, j, b, s, from);
            if (v > th) {
                c[m++] = RowSelector.sortKey(v, from + j);
                if (m == end) {
                    Arrays.sort(c, base, end);
                    m = base + k;
                    th = RowSelector.keyValue(c[m - 1]);
                }
            }
        }
        count[t] = m - base;
        threshold[t] = th;
    }

    /**
     * Feature from + j's pre-activation (raw + b_enc) · preScale, rounded exactly as
     * ReferenceKernel rounds it, formed as the raw value is read: copying the chunk's row out first
     * and adding the bias in a pass of its own took ≈ 10 µs per 4,096 values against ≈ 5.5 µs this
     * way in a microbenchmark (in the encode bench the difference stayed below the host's noise).
     */
    private static float pre(FloatBuffer raw, int offset, int j, float[] b, float[] s, int from) {
        float v = raw.get(offset + j) + b[from + j];
        return s == null ? v : v * s[from + j];
    }

    /**
     * Sorts token {@code t}'s candidates after its last chunk. Returns false when the token's floor
     * turned out too high (fewer than k features reached it): the token must be selected again
     * without a floor.
     */
    boolean finish(int t) {
        int base = t * cap;
        Arrays.sort(cand, base, base + count[t]);
        return !(floor[t] > 0f && count[t] < k);
    }

    /** Appends token {@code t}'s codes (after a successful {@link #finish}) to {@code out}. */
    void emit(int t, CodeBuffer out) {
        RowSelector.emit(cand, t * cap, Math.min(count[t], Math.max(k - nan[t], 0)), out);
    }

    /**
     * After a block: the next block's floors come from this one's smallest k-th value per unit of
     * input norm (tokens without k positive values or with a zero norm say nothing and are skipped).
     */
    void learnFloor(double[] norms, boolean[] ok) {
        float ratio = Float.POSITIVE_INFINITY;
        boolean failed = false;
        for (int t = 0; t < tokens; t++) {
            if (ok[t] && count[t] >= k && nan[t] == 0 && norms[t] > 0) {
                ratio = (float) Math.min(ratio, RowSelector.keyValue(cand[t * cap + k - 1]) / norms[t]);
            }
            failed |= !ok[t];
        }
        if (failed) {
            // Some token lay below its floor (its ratio is not known yet): come down further.
            ratio = 0.8f * Math.min(ratio, floorRatio);
        }
        if (ratio < Float.POSITIVE_INFINITY) {
            floorRatio = ratio;
        }
    }
}
