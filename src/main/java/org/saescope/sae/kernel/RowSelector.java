package org.saescope.sae.kernel;

import java.nio.FloatBuffer;

/**
 * For the element-wise architectures, turns one token's raw encoder outputs (raw = x · W_enc, one value per feature) into that
 * token's sparse codes: applies the architecture's activation with its per-feature parameters
 * (exactly as {@link EncoderSpec} defines it, with the same float operations as
 * {@link ReferenceKernel}, so both agree bit for bit on the same raw values), keeps the strictly
 * positive activations and appends them to a {@link CodeBuffer} sorted by value descending, ties by
 * feature index ascending.
 *
 * <p>The raw values come from a direct view of libtorch's output. Implementations copy a token's
 * row into a Java array first (a memcpy of 4·dSae bytes): plain array loops let the JIT
 * vectorise the element-wise passes and were slightly faster than buffer reads even for a pure
 * scan (about 10% here). An instance holds that scratch space and is used by one thread at a
 * time; create one per worker.
 */
abstract class RowSelector {
    protected final EncoderSpec spec;

    RowSelector(EncoderSpec spec) {
        this.spec = spec;
    }

    /**
     * Selects the codes of one token whose dSae raw values start at {@code raw[offset]}.
     *
     * @param finite true when the caller has proven that no raw value is NaN or infinite
     */
    abstract void select(FloatBuffer raw, int offset, boolean finite, CodeBuffer out);

    /** A fresh selector for the spec's architecture. */
    static RowSelector create(EncoderSpec spec) {
        switch (spec.arch()) {
            case RELU:
            case JUMPRELU:
            case GATED:
                return new ElementwiseSelector(spec);
            default:
                // TOPK is not per row: TopKBlock selects it chunk by chunk across a block of tokens.
                throw new IllegalArgumentException("no row selector for " + spec.arch());
        }
    }

    /**
     * Packs a strictly positive, non-NaN activation and its feature index into one long whose
     * ascending order is: value descending, then index ascending. Positive floats order like their
     * bit patterns, so no comparator (and no boxing) is needed to sort a token's codes.
     */
    static long sortKey(float value, int index) {
        return ((long) (Integer.MAX_VALUE - Float.floatToRawIntBits(value)) << 32) | index;
    }

    static float keyValue(long key) {
        return Float.intBitsToFloat(Integer.MAX_VALUE - (int) (key >>> 32));
    }

    static int keyIndex(long key) {
        return (int) key;
    }

    /** Writes {@code keys[0..m)} (already sorted) to the buffer as one token. */
    static void emit(long[] keys, int m, CodeBuffer out) {
        emit(keys, 0, m, out);
    }

    /** Writes {@code keys[from..from + m)} (already sorted) to the buffer as one token. */
    static void emit(long[] keys, int from, int m, CodeBuffer out) {
        int pos = out.reserve(m);
        int[] idx = out.indices();
        float[] val = out.values();
        for (int p = 0; p < m; p++) {
            idx[pos + p] = keyIndex(keys[from + p]);
            val[pos + p] = keyValue(keys[from + p]);
        }
        out.endToken(m);
    }
}
