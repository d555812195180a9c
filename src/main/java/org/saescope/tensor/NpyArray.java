package org.saescope.tensor;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One npy array held in memory, row-major (Fortran-ordered files are transposed on load), in the
 * file's byte order. Reads convert to f32 or i64 like {@link TensorSource} does.
 */
public final class NpyArray {
    private final Path file;
    private final String name;
    private final NpyHeader header;
    private final ByteBuffer data;

    private NpyArray(Path file, String name, NpyHeader header, ByteBuffer data) {
        this.file = file;
        this.name = name;
        this.header = header;
        this.data = data;
    }

    /** Wraps validated data of exactly {@code header.dataBytes()} bytes; {@code name} is for messages. */
    static NpyArray of(Path file, String name, NpyHeader header, byte[] data) {
        if (data.length != header.dataBytes()) {
            throw new IllegalArgumentException("data length " + data.length + " != " + header.dataBytes());
        }
        byte[] rowMajor = header.fortranOrder() ? fortranToRowMajor(data, header.shape(), header.kind().size) : data;
        return new NpyArray(file, name, header, ByteBuffer.wrap(rowMajor).order(header.order()));
    }

    /** Dimensions, row-major. */
    public long[] shape() {
        return header.shape();
    }

    /** The type it reads as (npy uint16/32/64 read as the wider signed int). */
    public DType dtype() {
        return header.kind().readsAs();
    }

    public long numel() {
        return header.numel();
    }

    public TensorInfo info(String name) {
        return header.info(name);
    }

    NpyHeader header() {
        return header;
    }

    public float[] readF32() {
        float[] out = new float[(int) numel()];
        readF32(0, out, 0, out.length);
        return out;
    }

    public void readF32(long start, float[] dst, int off, int len) {
        checkRange(start, dst.length, off, len);
        ElementDecoder.toF32(header.kind(), data, (int) start * header.kind().size, dst, off, len);
    }

    /** All elements of an integer or bool array as longs (a uint64 above Long.MAX_VALUE fails). */
    public long[] readI64() {
        long[] out = new long[(int) numel()];
        ElementDecoder.toI64(header.kind(), data, 0, out, 0, out.length, file, name);
        return out;
    }

    private void checkRange(long start, int dstLength, int off, int len) {
        Objects.checkFromIndexSize(off, len, dstLength);
        if (start < 0 || start > numel() - len) {
            throw new IndexOutOfBoundsException("elements [" + start + ", " + start + " + " + len
                    + ") outside an array of " + numel());
        }
    }

    /**
     * Reorders column-major bytes (first index fastest) to row-major (last index fastest). Walks
     * the destination in order and keeps the matching source offset incrementally, like an odometer.
     */
    static byte[] fortranToRowMajor(byte[] src, long[] shape, int itemSize) {
        int rank = shape.length;
        if (rank < 2) {
            return src; // 0-d and 1-d arrays are laid out the same either way
        }
        int n = src.length / itemSize;
        if (n == 0) {
            return src;
        }
        long[] fStride = new long[rank];
        fStride[0] = 1;
        for (int k = 1; k < rank; k++) {
            fStride[k] = fStride[k - 1] * shape[k - 1];
        }
        byte[] dst = new byte[src.length];
        int[] idx = new int[rank];
        long srcElem = 0;
        for (int d = 0; d < n; d++) {
            System.arraycopy(src, (int) (srcElem * itemSize), dst, d * itemSize, itemSize);
            for (int k = rank - 1; k >= 0; k--) {
                idx[k]++;
                srcElem += fStride[k];
                if (idx[k] < shape[k]) {
                    break;
                }
                srcElem -= fStride[k] * shape[k];
                idx[k] = 0;
            }
        }
        return dst;
    }
}
