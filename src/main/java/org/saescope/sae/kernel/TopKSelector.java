package org.saescope.sae.kernel;

import java.util.Arrays;

/**
 * TOPK: keep the k largest pre-activations (ties: lower index), then ReLU, then drop zeros.
 *
 * <p>Since the ReLU drops everything that is not strictly positive afterwards, the output is
 * exactly "the k largest strictly positive pre-activations". Finding them costs a few cycles per
 * feature if done one comparison at a time, as much as the matmul share per token, so it is done
 * in two steps:
 * <ol>
 *   <li>One pass the JIT vectorises computes the pre-activations and, at the same time, the maximum
 *       of each of G strided groups (group g = features g, g+G, g+2G, ...). It is an element-wise
 *       max of consecutive G-wide slices, so no horizontal reduction is needed.</li>
 *   <li>Let T be the k-th largest group maximum. At least k features are ≥ T (one per top group),
 *       so the k-th largest feature is ≥ T, and a group whose maximum is below T holds none of the
 *       top k. Only the few groups with maximum ≥ T (about k of them) are scanned exactly, through
 *       a k-heap ordered by (value desc, index asc), so ties resolve as the contract says whatever
 *       the scan order.</li>
 * </ol>
 * A NaN pre-activation (only from NaN or infinite inputs) counts, as in {@link ReferenceKernel},
 * as larger than everything and is then dropped by the ReLU, taking one of the k places: rows
 * holding one take an exact slow path.
 */
final class TopKSelector extends RowSelector {
    private final int k;
    private final int n;
    /** Number of strided groups; each holds about n / G features. */
    private final int groups;
    private final float[] groupMax;
    private final float[] scratch;
    /** Min-heap of the best candidates so far, the worst (see {@link #worse}) at the root. */
    private final float[] heapValue;
    private final int[] heapIndex;
    private final long[] keys;
    private int size;

    TopKSelector(EncoderSpec spec) {
        super(spec);
        this.k = spec.k();
        this.n = spec.dSae();
        this.groups = groupCount(n, k);
        this.groupMax = new float[groups];
        this.scratch = new float[groups];
        this.heapValue = new float[k];
        this.heapIndex = new int[k];
        this.keys = new long[k];
    }

    /**
     * About √(n·k) groups balances the two steps: selecting among G maxima costs ~G, scanning the
     * ~k winning groups costs ~k·n/G. A multiple of 16 keeps the vector loop free of tails.
     */
    static int groupCount(int n, int k) {
        int g = (int) Math.sqrt((double) n * k);
        g = (g + 15) / 16 * 16;
        return Math.max(1, Math.min(n, g));
    }

    @Override
    void select(float[] raw, CodeBuffer out) {
        preActivationsAndGroupMax(raw);
        size = 0;
        boolean sawNaN = false;
        for (int g = 0; g < groups; g++) {
            if (groupMax[g] != groupMax[g]) {
                sawNaN = true;
                break;
            }
        }
        if (sawNaN) {
            selectWithNaN(raw);
        } else {
            float t = kthLargestGroupMax();
            for (int g = 0; g < groups; g++) {
                float m = groupMax[g];
                if (m >= t && m > 0f) {
                    for (int j = g; j < n; j += groups) {
                        offer(raw[j], j);
                    }
                }
            }
        }
        for (int p = 0; p < size; p++) {
            keys[p] = sortKey(heapValue[p], heapIndex[p]);
        }
        Arrays.sort(keys, 0, size);
        emit(keys, size, out);
    }

    /**
     * raw ← (raw + b_enc) · preScale (the same float operations as the reference), and the
     * strided group maxima, in slices of G consecutive features.
     */
    private void preActivationsAndGroupMax(float[] raw) {
        float[] b = spec.bEnc();
        float[] scale = spec.preScale();
        float[] gm = groupMax;
        Arrays.fill(gm, Float.NEGATIVE_INFINITY);
        for (int base = 0; base < n; base += groups) {
            int len = Math.min(groups, n - base);
            if (scale == null) {
                for (int g = 0; g < len; g++) {
                    float v = raw[base + g] + b[base + g];
                    raw[base + g] = v;
                    gm[g] = Math.max(gm[g], v);
                }
            } else {
                for (int g = 0; g < len; g++) {
                    float v = (raw[base + g] + b[base + g]) * scale[base + g];
                    raw[base + g] = v;
                    gm[g] = Math.max(gm[g], v);
                }
            }
        }
    }

    /** The k-th largest group maximum, or -∞ when there are no more than k groups. */
    private float kthLargestGroupMax() {
        if (k >= groups) {
            return Float.NEGATIVE_INFINITY;
        }
        System.arraycopy(groupMax, 0, scratch, 0, groups);
        return quickSelect(scratch, groups - k);
    }

    /** The element that would sit at {@code rank} (0-based, ascending) if a[] were sorted. No NaNs. */
    static float quickSelect(float[] a, int rank) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            float pivot = median3(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return a[rank];
            }
        }
        return a[rank];
    }

    private static float median3(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Exact path for a row with NaNs: each NaN takes one of the k places, as in the reference. */
    private void selectWithNaN(float[] raw) {
        int nans = 0;
        for (int j = 0; j < n; j++) {
            if (raw[j] != raw[j]) {
                nans++;
            }
        }
        int keep = k - nans;
        if (keep <= 0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            offer(raw[j], j, keep);
        }
    }

    private void offer(float v, int j) {
        offer(v, j, k);
    }

    /** Adds (v, j) to a heap of capacity cap if it is positive and beats the current worst. */
    private void offer(float v, int j, int cap) {
        if (!(v > 0f)) {
            return;
        }
        if (size < cap) {
            siftUp(size++, v, j);
        } else if (worse(heapValue[0], heapIndex[0], v, j)) {
            siftDown(v, j);
        }
    }

    /** True when candidate a ranks below candidate b: smaller value, or equal value and higher index. */
    private static boolean worse(float va, int ia, float vb, int ib) {
        return va < vb || (va == vb && ia > ib);
    }

    private void siftUp(int slot, float v, int j) {
        int c = slot;
        while (c > 0) {
            int parent = (c - 1) >>> 1;
            if (!worse(v, j, heapValue[parent], heapIndex[parent])) {
                break;
            }
            heapValue[c] = heapValue[parent];
            heapIndex[c] = heapIndex[parent];
            c = parent;
        }
        heapValue[c] = v;
        heapIndex[c] = j;
    }

    /** Replaces the root (the worst) with (v, j) and restores the heap. */
    private void siftDown(float v, int j) {
        int c = 0;
        while (true) {
            int child = 2 * c + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(heapValue[child + 1], heapIndex[child + 1], heapValue[child], heapIndex[child])) {
                child++;
            }
            if (!worse(heapValue[child], heapIndex[child], v, j)) {
                break;
            }
            heapValue[c] = heapValue[child];
            heapIndex[c] = heapIndex[child];
            c = child;
        }
        heapValue[c] = v;
        heapIndex[c] = j;
    }
}
