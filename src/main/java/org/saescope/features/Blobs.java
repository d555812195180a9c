package org.saescope.features;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.saescope.sae.SparseCodes;

/**
 * The little-endian byte layouts of the index's BLOB columns (see docs/formats/feature-index.md):
 * token ids as int32, concept ids as uint16 (0xFFFF = none), a window's sparse codes as CSR, and one
 * feature's activations over a window as (uint16 position, float32 activation) pairs of its
 * non-zero entries.
 */
final class Blobs {
    static final int NO_CONCEPT = 0xFFFF;

    private Blobs() {
    }

    static byte[] ints(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return b.array();
    }

    static int[] ints(byte[] blob) {
        int[] v = new int[blob.length / 4];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    static byte[] shorts(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    static int[] shorts(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int[] v = new int[blob.length / 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = Short.toUnsignedInt(b.getShort());
        }
        return v;
    }

    /**
     * Rows {@code from..from+n-1} of {@code codes} as one window's CSR: int32 n, int32 rowStart[n+1]
     * (from 0), then int32 feature[nnz], then float32 act[nnz].
     */
    static byte[] codes(SparseCodes codes, int from, int n) {
        int base = codes.start(from);
        int nnz = codes.start(from + n) - base;
        ByteBuffer b = ByteBuffer.allocate(4 * (2 + n + 2 * nnz)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n);
        for (int t = 0; t <= n; t++) {
            b.putInt(codes.start(from + t) - base);
        }
        int[] idx = codes.indices();
        float[] val = codes.values();
        for (int i = 0; i < nnz; i++) {
            b.putInt(idx[base + i]);
        }
        for (int i = 0; i < nnz; i++) {
            b.putFloat(val[base + i]);
        }
        return b.array();
    }

    static SparseCodes codes(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt();
        int[] rowStart = new int[n + 1];
        b.asIntBuffer().get(rowStart);
        b.position(b.position() + 4 * (n + 1));
        int nnz = rowStart[n];
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        // Bulk copies: stage 2 decodes every stored window more than once.
        b.asIntBuffer().get(idx);
        b.position(b.position() + 4 * nnz);
        b.asFloatBuffer().get(val);
        return new SparseCodes(rowStart, idx, val);
    }

    /** Non-zero activations of one feature over a window: pairs of (uint16 position, float32 act). */
    static byte[] sparseActs(int[] pos, float[] act, int n) {
        return sparseActs(pos, act, 0, n);
    }

    /** As {@link #sparseActs(int[], float[], int)} for the entries {@code from..from+n-1}. */
    static byte[] sparseActs(int[] pos, float[] act, int from, int n) {
        ByteBuffer b = ByteBuffer.allocate(6 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < from + n; i++) {
            b.putShort((short) pos[i]).putFloat(act[i]);
        }
        return b.array();
    }

    /** The dense activations over a window of {@code length} tokens. */
    static float[] denseActs(byte[] blob, int length) {
        float[] out = new float[length];
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 6) {
            int p = Short.toUnsignedInt(b.getShort());
            float a = b.getFloat();
            if (p < length) {
                out[p] = a;
            }
        }
        return out;
    }
}
