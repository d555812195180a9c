package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Every f16 bit pattern and every rounding neighbourhood, checked against numpy (f16) and torch
 * (bf16) through SHA-256 digests computed by src/test/python/tensor_fixtures.py over the same inputs.
 */
class Float16Test {
    private static final JsonNode EXPECTED = Fixtures.expected();
    private static final int[] F16_DELTAS = {0, 1, -1, 0x0FFF, 0x1000, 0x1001, 0x1FFF};
    private static final int[] BF16_DELTAS = {0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF};

    @Test
    void widensAll65536HalfPatternsLikeNumpy() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(65536 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int h = 0; h < 65536; h++) {
            float f = Float16.f16ToF32((short) h);
            out.putInt(Float.isNaN(f) ? 0x7FC00000 : Float.floatToRawIntBits(f));
        }
        assertThat(sha256(out.array())).isEqualTo(EXPECTED.get("f16_to_f32_sha256").textValue());
    }

    @Test
    void narrowsToF16LikeNumpyAroundEveryHalf() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(65536 * F16_DELTAS.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int h = 0; h < 65536; h++) {
            int hv = Float.floatToRawIntBits(Float16.f16ToF32((short) h));
            for (int d : F16_DELTAS) {
                short r = Float16.f32ToF16(Float.intBitsToFloat(hv + d));
                out.putShort(Float.isNaN(Float16.f16ToF32(r)) ? (short) 0x7E00 : r);
            }
        }
        assertThat(sha256(out.array())).isEqualTo(EXPECTED.get("f32_to_f16_sha256").textValue());
    }

    @Test
    void narrowsTiesBetweenEveryPairOfNeighbouringHalvesLikeNumpy() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(2 * 0x7BFF * 3 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int base : new int[]{0x0000, 0x8000}) {
            for (int h = base; h < base + 0x7BFF; h++) {
                double a = Float16.f16ToF32((short) h);
                double b = Float16.f16ToF32((short) (h + 1));
                float mid = (float) ((a + b) / 2); // exact: a midpoint of two halves needs 12 bits
                out.putShort(Float16.f32ToF16(Math.nextDown(mid)));
                out.putShort(Float16.f32ToF16(mid));
                out.putShort(Float16.f32ToF16(Math.nextUp(mid)));
            }
        }
        assertThat(sha256(out.array())).isEqualTo(EXPECTED.get("f32_to_f16_midpoints_sha256").textValue());
    }

    @Test
    void narrowsToBf16LikeTorchAroundEveryBf16() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(65536 * BF16_DELTAS.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int h = 0; h < 65536; h++) {
            for (int d : BF16_DELTAS) {
                short r = Float16.f32ToBf16(Float.intBitsToFloat((h << 16) + d));
                out.putShort(Float.isNaN(Float16.bf16ToF32(r)) ? (short) 0x7FC0 : r);
            }
        }
        assertThat(sha256(out.array())).isEqualTo(EXPECTED.get("f32_to_bf16_sha256").textValue());
    }

    @Test
    void readableSamplesMatchNumpyAndTorch() {
        for (JsonNode s : EXPECTED.get("narrow_samples")) {
            float f = Float.intBitsToFloat((int) s.get("f32_bits").longValue());
            assertThat(Float16.f32ToF16(f) & 0xffff).as("f16 of %s", f).isEqualTo(s.get("f16_bits").intValue());
            assertThat(Float16.f32ToBf16(f) & 0xffff).as("bf16 of %s", f).isEqualTo(s.get("bf16_bits").intValue());
        }
    }

    @Test
    void knownValues() {
        assertThat(Float16.f16ToF32((short) 0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
        assertThat(Float16.f16ToF32((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f); // largest subnormal
        assertThat(Float16.f16ToF32((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Float.floatToRawIntBits(Float16.f16ToF32((short) 0x8000))).isEqualTo(0x80000000);
        assertThat(Float16.f16ToF32((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float16.f16ToF32((short) 0x7E00)).isNaN();
        assertThat(Float16.f32ToF16(Float.NaN) & 0x7C00).isEqualTo(0x7C00);
        assertThat(Float16.f32ToF16(Float.NaN) & 0x03FF).isNotZero(); // NaN, not inf
        assertThat(Float16.bf16ToF32((short) 0x0001)).isEqualTo(Float.intBitsToFloat(0x00010000)); // subnormal
        assertThat(Float16.f32ToBf16(Float.intBitsToFloat(0x7F800001)) & 0x7F).isNotZero(); // NaN payload in low bits stays NaN
    }

    @Test
    void bulkConversionsHonourTheBufferByteOrder() {
        float[] values = {1f, -2.5f, 0x1p-24f, 65504f, Float.NEGATIVE_INFINITY, -0f, 1f / 3};
        for (ByteOrder order : new ByteOrder[]{ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer buf = ByteBuffer.allocate(4 + values.length * 2).order(order);
            Float16.f32ToF16(values, 0, values.length, buf, 4);
            for (int i = 0; i < values.length; i++) {
                assertThat(buf.getShort(4 + 2 * i)).isEqualTo(Float16.f32ToF16(values[i]));
            }
            float[] back = new float[values.length + 1];
            Float16.f16ToF32(buf, 4, back, 1, values.length);
            for (int i = 0; i < values.length; i++) {
                assertThat(back[i + 1]).isEqualTo(Float16.f16ToF32(Float16.f32ToF16(values[i])));
            }

            Float16.f32ToBf16(values, 0, values.length, buf, 2);
            for (int i = 0; i < values.length; i++) {
                assertThat(buf.getShort(2 + 2 * i)).isEqualTo(Float16.f32ToBf16(values[i]));
            }
            Float16.bf16ToF32(buf, 2, back, 0, values.length);
            for (int i = 0; i < values.length; i++) {
                assertThat(back[i]).isEqualTo(Float16.bf16ToF32(Float16.f32ToBf16(values[i])));
            }
        }
        // Explicit byte layout: 1.0 is 0x3C00 in f16.
        ByteBuffer le = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
        Float16.f32ToF16(new float[]{1f}, 0, 1, le, 0);
        assertThat(le.array()).containsExactly(0x00, 0x3C);
        ByteBuffer be = ByteBuffer.allocate(2).order(ByteOrder.BIG_ENDIAN);
        Float16.f32ToF16(new float[]{1f}, 0, 1, be, 0);
        assertThat(be.array()).containsExactly(0x3C, 0x00);
    }

    @Test
    void bulkRangesAreChecked() {
        ByteBuffer buf = ByteBuffer.allocate(6);
        assertThatThrownBy(() -> Float16.f16ToF32(buf, 2, new float[4], 0, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Float16.f32ToBf16(new float[2], 1, 2, buf, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
