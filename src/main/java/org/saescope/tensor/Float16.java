package org.saescope.tensor;

import java.nio.ByteBuffer;

/**
 * Conversions between f32 and the two 16-bit float formats checkpoints use: IEEE 754 binary16
 * ("f16", 1 sign, 5 exponent, 10 mantissa bits) and bfloat16 ("bf16", the top 16 bits of an f32).
 *
 * <p>Widening is exact for every bit pattern (subnormals, ±0, ±inf, NaN payloads). Narrowing rounds
 * to nearest, ties to even, as PyTorch and numpy do; values beyond the f16 range become ±inf and NaN
 * stays NaN (quiet). Java 17 has no {@code Float.float16ToFloat}, hence this class.
 *
 * <p>Bulk methods read or write at absolute byte indices and use the buffer's own byte order, so a
 * caller picks little- or big-endian by ordering the buffer; they never move its position.
 */
public final class Float16 {
    /** f16 bits → f32 for all 65536 patterns; 256 KiB, built once, makes bulk widening a lookup. */
    private static final float[] F16_TABLE = new float[1 << 16];

    static {
        for (int i = 0; i < F16_TABLE.length; i++) {
            F16_TABLE[i] = computeF16ToF32((short) i);
        }
    }

    private Float16() {
    }

    /** Exact value of an f16 bit pattern. */
    public static float f16ToF32(short bits) {
        return F16_TABLE[bits & 0xffff];
    }

    private static float computeF16ToF32(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            // inf (mant 0) or NaN: keep the payload in the top mantissa bits, as hardware does.
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant × 2^-24, exact in f32 because mant has 10 bits.
            float magnitude = mant * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        // normal: rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exp + (127 - 15)) << 23) | (mant << 13));
    }

    /** Nearest f16 to {@code f} (ties to even); overflow gives ±inf, NaN gives a quiet NaN. */
    public static short f32ToF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            if (mant == 0) {
                return (short) (sign | 0x7c00);
            }
            // NaN: keep what fits of the payload and set the quiet bit so it cannot become inf.
            return (short) (sign | 0x7c00 | 0x200 | (mant >>> 13));
        }
        int e = exp - 127 + 15; // f16 biased exponent
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            // Result is an f16 subnormal (or zero): mant16 = significand24 × 2^(e - 14) rounded.
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to ±0
            }
            int significand = mant | 0x800000;
            int shift = 14 - e; // 14..24
            return (short) (sign | roundShiftRightEven(significand, shift));
        }
        // Normal: drop 13 mantissa bits with rounding; a carry may bump the exponent (even to inf),
        // which is exactly the right result.
        int result = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (result & 1) != 0)) {
            result++;
        }
        return (short) (sign | result);
    }

    private static int roundShiftRightEven(int value, int shift) {
        int result = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (result & 1) != 0)) {
            result++;
        }
        return result;
    }

    /** Exact value of a bf16 bit pattern. */
    public static float bf16ToF32(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** Nearest bf16 to {@code f} (ties to even, as {@code torch.Tensor.to(torch.bfloat16)}); NaN stays a quiet NaN. */
    public static short f32ToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        // Adding 0x7fff plus the lowest kept bit rounds to nearest-even; a carry into the exponent
        // (up to inf) is the correctly rounded result.
        bits += 0x7fff + ((bits >>> 16) & 1);
        return (short) (bits >>> 16);
    }

    /** Widens {@code n} f16 values stored at byte index {@code srcIndex} of {@code src} into dst[off..]. */
    public static void f16ToF32(ByteBuffer src, int srcIndex, float[] dst, int off, int n) {
        checkRange(src, srcIndex, n, dst.length, off);
        for (int i = 0; i < n; i++) {
            dst[off + i] = F16_TABLE[src.getShort(srcIndex + 2 * i) & 0xffff];
        }
    }

    /** Widens {@code n} bf16 values stored at byte index {@code srcIndex} of {@code src} into dst[off..]. */
    public static void bf16ToF32(ByteBuffer src, int srcIndex, float[] dst, int off, int n) {
        checkRange(src, srcIndex, n, dst.length, off);
        for (int i = 0; i < n; i++) {
            dst[off + i] = Float.intBitsToFloat((src.getShort(srcIndex + 2 * i) & 0xffff) << 16);
        }
    }

    /** Narrows src[off..off+n) to f16 and stores them from byte index {@code dstIndex} of {@code dst}. */
    public static void f32ToF16(float[] src, int off, int n, ByteBuffer dst, int dstIndex) {
        checkRange(dst, dstIndex, n, src.length, off);
        for (int i = 0; i < n; i++) {
            dst.putShort(dstIndex + 2 * i, f32ToF16(src[off + i]));
        }
    }

    /** Narrows src[off..off+n) to bf16 and stores them from byte index {@code dstIndex} of {@code dst}. */
    public static void f32ToBf16(float[] src, int off, int n, ByteBuffer dst, int dstIndex) {
        checkRange(dst, dstIndex, n, src.length, off);
        for (int i = 0; i < n; i++) {
            dst.putShort(dstIndex + 2 * i, f32ToBf16(src[off + i]));
        }
    }

    private static void checkRange(ByteBuffer buf, int index, int n, int arrayLength, int off) {
        if (n < 0 || index < 0 || off < 0 || off > arrayLength - n || (long) index + 2L * n > buf.limit()) {
            throw new IndexOutOfBoundsException("range of " + n + " halfs at byte " + index
                    + " / array offset " + off + " exceeds buffer (" + buf.limit() + " bytes) or array ("
                    + arrayLength + ")");
        }
    }
}
