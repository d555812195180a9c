package org.saescope.sae.kernel;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * TOPK: keep the k largest pre-activations (ties: lower index), then ReLU, then drop zeros.
 *
 * <p>Since the ReLU drops everything that is not strictly positive afterwards, the output is
 * exactly "the k largest strictly positive pre-activations". One pass in index order compares
 * each pre-activation with a threshold and appends the few that beat it to a candidate buffer as
 * packed sort keys ({@link RowSelector#sortKey}); when the buffer fills, it is sorted, cut to the
 * best k, and the threshold rises to the k-th value. Almost every feature costs a load and one
 * well-predicted comparison; a candidate costs a store, not a heap update. Admitting only values
 * strictly above the threshold, in ascending index order, keeps the lower index on equal values,
 * as the contract requires.
 *
 * <p>Candidates are what costs (a mispredicted branch each, and the sort), so the threshold starts
 * from a floor: tokens of one batch have similar activation scales, and the scan first tries the
 * previous token's 2k-th value (see {@link #nextFloor}). If at least k features reach it, the k-th
 * largest overall is at or above the floor, nothing below it could have been kept, and the result
 * is exact; otherwise the token is scanned again from 0. On random data this cuts the candidates
 * per token from about k·(1 + ln(dSae/k)) to about 2k.
 *
 * <p>NaN pre-activations (only possible from NaN or overflowing inputs) count, as in
 * {@link ReferenceKernel}, as larger than everything and are then dropped by the ReLU: each one
 * takes one of the k places. Rows the caller cannot prove finite take a pass that counts them.
 */
final class TopKSelector extends RowSelector {
    private static final float LOWER_FACTOR = 0.9f;
    private final int k;
    private final int n;
    /** This token's pre-activations (scratch, dSae floats). */
    private final float[] pre;
    /** Candidate sort keys; compacted to the best k whenever full. */
    private final long[] cand;
    private int count;
    /** Floor to try first on the next token (0: none); see {@link #nextFloor}. */
    private float guess;

    TopKSelector(EncoderSpec spec) {
        super(spec);
        this.k = spec.k();
        this.n = spec.dSae();
        this.pre = new float[n];
        this.cand = new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(256L, 4L * k))];
    }

    @Override
    void select(FloatBuffer raw, int offset, boolean finite, CodeBuffer out) {
        // A bulk copy (a memcpy) then plain array loops: the JIT vectorises the bias pass, and
        // the scan is a load, a compare and a rarely taken branch per feature.
        raw.get(offset, pre, 0, n);
        preActivations();
        int places = k;
        if (finite) {
            if (!(guess > 0f && scan(Math.nextDown(guess), k))) {
                scan(0f, k);
            }
            guess = nextFloor();
        } else {
            places = k - countNaN();
            count = 0;
            if (places > 0) {
                scan(0f, places);
            }
        }
        emit(cand, Math.min(count, Math.max(places, 0)), out);
    }

    /**
     * The floor for the next token, aiming at about 2k candidates: this token's 2k-th value when
     * there were that many, else 0.9 × its last candidate (so a scarce token lowers the floor).
     */
    private float nextFloor() {
        if (count >= 2 * k) {
            return RowSelector.keyValue(cand[2 * k - 1]);
        }
        return count >= k ? LOWER_FACTOR * RowSelector.keyValue(cand[count - 1]) : 0f;
    }

    /** pre ← (raw + b_enc) · preScale, in place, rounded exactly as the reference rounds it. */
    private void preActivations() {
        float[] b = spec.bEnc();
        for (int j = 0; j < n; j++) {
            pre[j] = pre[j] + b[j];
        }
        float[] s = spec.preScale();
        if (s != null) {
            for (int j = 0; j < n; j++) {
                pre[j] = pre[j] * s[j];
            }
        }
    }

    private int countNaN() {
        int nan = 0;
        for (int j = 0; j < n; j++) {
            if (pre[j] != pre[j]) {
                nan++;
            }
        }
        return nan;
    }

    /**
     * Collects the best {@code places} pre-activations above {@code floor} (≥ 0) into
     * {@code cand[0..count)}, sorted. Returns whether at least {@code places} were above the floor,
     * i.e. whether the result is the true top-{@code places} of the row.
     */
    private boolean scan(float floor, int places) {
        long[] c = cand;
        int m = 0;
        float threshold = floor;
        for (int j = 0; j < n; j++) {
            float v = pre[j];
            if (v > threshold) {
                c[m++] = sortKey(v, j);
                if (m == c.length) {
                    threshold = compact(m, places);
                    m = places;
                }
            }
        }
        Arrays.sort(c, 0, m);
        count = m;
        return m >= places;
    }

    /** Sorts the full buffer, keeps its best {@code places}, returns the new threshold (the last kept value). */
    private float compact(int m, int places) {
        Arrays.sort(cand, 0, m);
        return RowSelector.keyValue(cand[places - 1]);
    }
}
