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
            case U64 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = unsignedLongToFloat(buf.getLong(index + 8 * i));
                }
            }
            case I64, I32, U32, I16, U16, I8, U8, BOOL -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = integerAt(kind, buf, index + kind.size * i);
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
            case I32, U32, I16, U16, I8, U8, BOOL -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = integerAt(kind, buf, index + kind.size * i);
                }
            }
            default -> throw new TensorFormatException(file, "tensor '" + name + "' is "
                    + kind.readsAs() + ", not an integer or bool tensor; read it as f32");
        }
    }

    /**
     * The value of one integer or bool element at byte {@code pos}, for the kinds whose every value a
     * long holds exactly (all but u64, whose callers convert or range-check it themselves). Both the
     * f32 and the i64 paths read through here, so an unsigned or bool kind means the same in each.
     */
    private static long integerAt(ElementKind kind, ByteBuffer buf, int pos) {
        return switch (kind) {
            case I64 -> buf.getLong(pos);
            case I32 -> buf.getInt(pos);
            case U32 -> buf.getInt(pos) & 0xffffffffL;
            case I16 -> buf.getShort(pos);
            case U16 -> buf.getShort(pos) & 0xffff;
            case I8 -> buf.get(pos);
            case U8 -> buf.get(pos) & 0xff;
            case BOOL -> buf.get(pos) != 0 ? 1L : 0L;
            default -> throw new IllegalArgumentException(kind + " is not read as an exact integer");
        };
    }

    /** Correctly rounded f32 of an unsigned 64-bit value (halve with a sticky bit, then double). */
    static float unsignedLongToFloat(long v) {
        if (v >= 0) {
            return v;
        }
        return ((float) ((v >>> 1) | (v & 1))) * 2f;
    }
}
