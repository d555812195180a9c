package org.saescope.features;

/**
 * The {@code n} best (window, position) examples of every feature, as one bounded min-heap per
 * feature in flat arrays (no object per example). "Better" is a higher activation; ties go to the
 * earlier window, then the earlier position, so the result does not depend on arrival order.
 */
final class TopExamples {
    private final int n;
    private final float[] act;
    private final int[] window;
    private final int[] pos;
    private final int[] size;

    TopExamples(int features, int n) {
        this.n = n;
        this.act = new float[features * n];
        this.window = new int[features * n];
        this.pos = new int[features * n];
        this.size = new int[features];
    }

    /** Whether (a, w, p) ranks above (b, v, q). */
    static boolean better(float a, int w, int p, float b, int v, int q) {
        if (a != b) {
            return a > b;
        }
        if (w != v) {
            return w < v;
        }
        return p < q;
    }

    void offer(int f, float a, int w, int p) {
        int base = f * n;
        int s = size[f];
        if (s < n) {
            int i = s;
            size[f] = s + 1;
            // sift up: the root holds the worst
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!better(act[base + parent], window[base + parent], pos[base + parent], a, w, p)) {
                    break;
                }
                set(base + i, base + parent);
                i = parent;
            }
            put(base + i, a, w, p);
            return;
        }
        if (!better(a, w, p, act[base], window[base], pos[base])) {
            return;
        }
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                break;
            }
            int r = l + 1;
            int worst = l;
            if (r < n && better(act[base + l], window[base + l], pos[base + l], act[base + r], window[base + r], pos[base + r])) {
                worst = r;
            }
            if (!better(a, w, p, act[base + worst], window[base + worst], pos[base + worst])) {
                break;
            }
            set(base + i, base + worst);
            i = worst;
        }
        put(base + i, a, w, p);
    }

    private void set(int to, int from) {
        act[to] = act[from];
        window[to] = window[from];
        pos[to] = pos[from];
    }

    private void put(int i, float a, int w, int p) {
        act[i] = a;
        window[i] = w;
        pos[i] = p;
    }

    /** Feature f's examples, best first: each entry {window, pos}, with acts in {@code actsOut}. */
    int sorted(int f, int[] windowsOut, int[] posOut, float[] actsOut) {
        int base = f * n;
        int s = size[f];
        Integer[] order = new Integer[s];
        for (int i = 0; i < s; i++) {
            order[i] = base + i;
        }
        java.util.Arrays.sort(order, (x, y) -> better(act[x], window[x], pos[x], act[y], window[y], pos[y]) ? -1
                : better(act[y], window[y], pos[y], act[x], window[x], pos[x]) ? 1 : 0);
        for (int i = 0; i < s; i++) {
            windowsOut[i] = window[order[i]];
            posOut[i] = pos[order[i]];
            actsOut[i] = act[order[i]];
        }
        return s;
    }
}
