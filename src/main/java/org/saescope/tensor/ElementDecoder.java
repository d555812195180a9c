package org.saescope.tensor;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Decodes runs of raw elements into f32 or i64 Java arrays. The buffer's byte order is the file's;
 * indices are absolute, so buffers may be shared between threads.
 */
final class ElementDecoder {
    private ElementDecoder() {
    }

    /** Converts {@code n} elements starting at byte {@code index} to f32 into dst[off..]. */
    static void toF32(ElementKind kind, ByteBuffer buf, int index, float[] dst, int off, int n) {
        switch (kind) {
            case F32 -> buf.slice(index, n * 4).order(buf.order()).asFloatBuffer().get(dst, off, n);
            case F16 -> Float16.f16ToF32(buf, index, dst, off, n);
            case BF16 -> Float16.bf16ToF32(buf, index, dst, off, n);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (float) buf.getDouble(index + 8 * i);
                }
            }
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getLong(index + 8 * i);
                }
            }
            case U64 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = unsignedLongToFloat(buf.getLong(index + 8 * i));
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getInt(index + 4 * i);
                }
            }
            case U32 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getInt(index + 4 * i) & 0xffffffffL;
                }
            }
            case I16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getShort(index + 2 * i);
                }
            }
            case U16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getShort(index + 2 * i) & 0xffff;
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.get(index + i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.get(index + i) & 0xff;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.get(index + i) != 0 ? 1f : 0f;
                }
            }
        }
    }

    /**
     * Converts {@code n} integer or bool elements starting at byte {@code index} to i64 into dst[off..].
     * A u64 value above {@code Long.MAX_VALUE} fails with a {@link TensorFormatException}.
     */
    static void toI64(ElementKind kind, ByteBuffer buf, int index, long[] dst, int off, int n,
                      Path file, String name) {
        switch (kind) {
            case I64 -> buf.slice(index, n * 8).order(buf.order()).asLongBuffer().get(dst, off, n);
            case U64 -> {
                for (int i = 0; i < n; i++) {
                    long v = buf.getLong(index + 8 * i);
                    if (v < 0) {
                        throw new TensorFormatException(file, "tensor '" + name + "': uint64 value "
                                + Long.toUnsignedString(v) + " does not fit a signed 64-bit integer");
                    }
                    dst[off + i] = v;
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getInt(index + 4 * i);
                }
            }
            case U32 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getInt(index + 4 * i) & 0xffffffffL;
                }
            }
            case I16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getShort(index + 2 * i);
                }
            }
            case U16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.getShort(index + 2 * i) & 0xffff;
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.get(index + i);
                }
            }
            case U8 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.get(index + i) & 0xff;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = buf.get(index + i) != 0 ? 1L : 0L;
                }
            }
            default -> throw new TensorFormatException(file, "tensor '" + name + "' is "
                    + kind.readsAs() + ", not an integer or bool tensor; read it as f32");
        }
    }

    /** Correctly rounded f32 of an unsigned 64-bit value (halve with a sticky bit, then double). */
    static float unsignedLongToFloat(long v) {
        if (v >= 0) {
            return v;
        }
        return ((float) ((v >>> 1) | (v & 1))) * 2f;
    }
}
