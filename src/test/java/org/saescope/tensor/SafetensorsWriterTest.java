package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryDtypeWithMetadataAndInsertionOrder() throws IOException {
        float[] f32 = {1f, -0f, Float.POSITIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -3.25f};
        // Values exactly representable in f16 / bf16, so narrowing must keep them bit for bit.
        float[] f16 = {1.5f, -0f, 65504f, 0x1p-24f, Float.NEGATIVE_INFINITY, -0.0009765625f};
        float[] bf16 = {1.5f, -0f, 0x1p-133f, 3.3895314e38f, Float.POSITIVE_INFINITY, -7f};
        double[] f64 = {Math.PI, -0.0};
        long[] i64 = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0};
        int[] i32 = {Integer.MIN_VALUE, Integer.MAX_VALUE, 7};
        byte[] u8 = {0, 1, (byte) 200, (byte) 255};
        boolean[] bools = {true, false, true};
        Path file = dir.resolve("model.safetensors");
        new SafetensorsWriter()
                .metadata("format", "pt")
                .addF32("z.f32", f32, 2, 3)
                .addF16("a.f16", f16, 3, 2)
                .addBF16("m.bf16", bf16, 6)
                .addF64("f64", f64, 2)
                .addI64("i64", i64, 4)
                .addI32("i32", i32, 3, 1)
                .addU8("u8", u8, 2, 2)
                .addBool("mask", bools, 3)
                .addF32("scalar", new float[]{4f})
                .addF32("empty", new float[0], 0, 5)
                .metadata("author", "test")
                .write(file);

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThat(f.names()).containsExactly("z.f32", "a.f16", "m.bf16", "f64", "i64", "i32", "u8", "mask",
                    "scalar", "empty");
            assertThat(f.metadata()).containsExactly(java.util.Map.entry("format", "pt"), java.util.Map.entry("author", "test"));
            assertThat(f.info("z.f32")).isEqualTo(new TensorInfo("z.f32", DType.F32, new long[]{2, 3}));
            assertThat(f.info("a.f16").dtype()).isEqualTo(DType.F16);
            assertThat(f.info("m.bf16").dtype()).isEqualTo(DType.BF16);
            assertThat(f.info("i32").shape()).containsExactly(3, 1);
            assertThat(f.info("scalar").shape()).isEmpty();
            assertThat(f.info("empty").shape()).containsExactly(0, 5);
            assertThat(Fixtures.bits(f.readF32("z.f32"))).containsExactly(Fixtures.bits(f32));
            assertThat(Fixtures.bits(f.readF32("a.f16"))).containsExactly(Fixtures.bits(f16));
            assertThat(Fixtures.bits(f.readF32("m.bf16"))).containsExactly(Fixtures.bits(bf16));
            assertThat(f.readF32("f64")).containsExactly((float) Math.PI, -0f);
            assertThat(f.readI64("i64")).containsExactly(i64);
            assertThat(f.readI64("i32")).containsExactly(Integer.MIN_VALUE, Integer.MAX_VALUE, 7);
            assertThat(f.readI64("u8")).containsExactly(0, 1, 200, 255);
            assertThat(f.readI64("mask")).containsExactly(1, 0, 1);
            assertThat(f.readF32("scalar")).containsExactly(4f);
            assertThat(f.readF32("empty")).isEmpty();
        }
    }

    @Test
    void narrowingRoundsToNearestEven() throws IOException {
        // 1 + 2^-11 is halfway between f16 1.0 and 1.0009765625: ties go to the even 1.0.
        // 1 + 3·2^-11 is halfway between 1.0009765625 and 1.001953125: ties go to the even 1.001953125.
        Path file = dir.resolve("r.safetensors");
        new SafetensorsWriter()
                .addF16("h", new float[]{1 + 0x1p-11f, 1 + 3 * 0x1p-11f, 70000f}, 3)
                .addBF16("b", new float[]{1 + 0x1p-8f, 1 + 3 * 0x1p-8f}, 2)
                .write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThat(f.readF32("h")).containsExactly(1f, 1.001953125f, Float.POSITIVE_INFINITY);
            assertThat(f.readF32("b")).containsExactly(1f, 1.015625f);
        }
    }

    @Test
    void headerIsTheReferenceLayoutPaddedWithSpacesTo8Bytes() throws IOException {
        Path file = dir.resolve("small.safetensors");
        new SafetensorsWriter().metadata("k", "v").addF32("a", new float[]{1f, 2f}, 2).write(file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLen % 8).isZero();
        String header = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
        assertThat(header).isEqualTo(
                "{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
                        + " ".repeat((int) headerLen - 79));
        assertThat(bytes).hasSize(8 + (int) headerLen + 8);
        assertThat(ByteBuffer.wrap(bytes, 8 + (int) headerLen, 8).order(ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(1f);
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("w.safetensors");
        new SafetensorsWriter().addF32("old", new float[]{1f}, 1).write(file);
        new SafetensorsWriter().addF32("new", new float[]{2f}, 1).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThat(f.names()).containsExactly("new");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("w.safetensors");
        }
    }

    @Test
    void failedWriteLeavesNothingBehind() throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(target.resolve("inside"), "x"); // a non-empty directory cannot be replaced
        SafetensorsWriter w = new SafetensorsWriter().addF32("a", new float[]{1f}, 1);
        assertThatThrownBy(() -> w.write(target)).isInstanceOf(IOException.class);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("taken");
        }
        assertThatThrownBy(() -> w.write(dir.resolve("missing/x.safetensors"))).isInstanceOf(IOException.class);
    }

    @Test
    void refusesInconsistentInput() {
        SafetensorsWriter w = new SafetensorsWriter().addF32("a", new float[]{1f}, 1);
        assertThatThrownBy(() -> w.addF32("a", new float[]{1f}, 1)).hasMessageContaining("added twice");
        assertThatThrownBy(() -> w.addF32("b", new float[]{1f, 2f}, 3)).hasMessageContaining("holds 3 elements");
        assertThatThrownBy(() -> w.addF32("c", new float[0], -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> w.addI64("__metadata__", new long[]{1}, 1)).hasMessageContaining("reserved");
        // A refused name can be used again correctly afterwards.
        w.addF32("b", new float[]{1f, 2f}, 2);
    }

    @Test
    void largeTensorsStreamAcrossChunks() throws IOException {
        float[] big = new float[700_000]; // > 1 MiB chunk as f32 and as f16
        for (int i = 0; i < big.length; i++) {
            big[i] = (i % 2048) - 1024; // integers up to 2048 are exact in f16
        }
        Path file = dir.resolve("big.safetensors");
        new SafetensorsWriter().addF32("a", big, 700, 1000).addF16("h", big, 700_000).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            // Arrays.equals: AssertJ's containsExactly is far too slow on 700k elements.
            assertThat(java.util.Arrays.equals(f.readF32("a"), big)).isTrue();
            assertThat(java.util.Arrays.equals(f.readF32("h"), big)).isTrue();
            assertThat(List.of(f.info("a").numel())).containsExactly(700_000L);
        }
    }
}
