package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of broken safetensors file fails with a TensorFormatException naming the file and the problem. */
class SafetensorsMalformedTest {
    @TempDir
    Path dir;

    /** A file with the given header text and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return raw(h.length, h, new byte[dataBytes]);
    }

    private Path raw(long declaredHeaderLength, byte[] header, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredHeaderLength).put(header).put(data);
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private static AbstractThrowableAssert<?, ?> fails(Path p) {
        return assertThatThrownBy(() -> {
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                f.names();
            }
        }).isInstanceOf(TensorFormatException.class).hasMessageContaining("bad.safetensors");
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    @Test
    void emptyFile() throws IOException {
        Path p = Files.write(dir.resolve("bad.safetensors"), new byte[0]);
        fails(p).hasMessageContaining("file is 0 bytes, too short");
    }

    @Test
    void truncatedHeader() throws IOException {
        fails(raw(40, "{\"a\":".getBytes(StandardCharsets.UTF_8), new byte[0]))
                .hasMessageContaining("header length 40 reaches past the end of the file (13 bytes)");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        fails(raw(1_000_000, "{}".getBytes(StandardCharsets.UTF_8), new byte[16]))
                .hasMessageContaining("reaches past the end of the file");
    }

    @Test
    void headerLargerThan100MbIsRefusedUnread() throws IOException {
        fails(raw(100_000_001L, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]))
                .hasMessageContaining("header length 100000001 exceeds the 100 MB limit");
        fails(raw(-1L, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]))
                .hasMessageContaining("header length 18446744073709551615 exceeds the 100 MB limit");
    }

    @Test
    void invalidJson() throws IOException {
        fails(file("{\"a\": {", 0)).hasMessageContaining("header is not valid JSON");
        fails(file("[1, 2]", 0)).hasMessageContaining("header is not a JSON object");
        fails(file("{} {}", 0)).hasMessageContaining("header is not valid JSON");
        fails(raw(3, new byte[]{'{', (byte) 0xC3, '}'}, new byte[0])).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void duplicateKey() throws IOException {
        String e = entry("w", "F32", "[1]", "[0,4]");
        fails(file("{" + e + "," + e + "}", 4)).hasMessageContaining("Duplicate field 'w'");
    }

    @Test
    void unknownDtype() throws IOException {
        fails(file("{" + entry("w", "F8_E4M3", "[1]", "[0,1]") + "}", 1))
                .hasMessageContaining("tensor 'w': unknown dtype \"F8_E4M3\"");
    }

    @Test
    void missingFieldsAndWrongTypes() throws IOException {
        fails(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4)).hasMessageContaining("tensor 'w': missing field \"dtype\"");
        fails(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4)).hasMessageContaining("tensor 'w': missing field \"shape\"");
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4)).hasMessageContaining("tensor 'w': missing field \"data_offsets\"");
        fails(file("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", 4)).hasMessageContaining("\"dtype\" is not a string");
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", 4)).hasMessageContaining("\"shape\" is not a JSON array");
        fails(file("{\"w\":[1]}", 4)).hasMessageContaining("tensor 'w': entry is not a JSON object");
        fails(file("{\"__metadata__\":{\"k\":1}}", 0)).hasMessageContaining("__metadata__ value for key 'k' is not a string");
        fails(file("{\"__metadata__\":[]}", 0)).hasMessageContaining("__metadata__ is not a JSON object");
    }

    @Test
    void badShapeEntries() throws IOException {
        fails(file("{" + entry("w", "F32", "[-1]", "[0,0]") + "}", 0)).hasMessageContaining("\"shape\" entry -1 is negative");
        fails(file("{" + entry("w", "F32", "[1.5]", "[0,4]") + "}", 4)).hasMessageContaining("\"shape\" entry 1.5 is not an integer");
        fails(file("{" + entry("w", "F32", "[1e3]", "[0,4]") + "}", 4)).hasMessageContaining("is not an integer");
        fails(file("{" + entry("w", "F32", "[123456789012345678901234567890]", "[0,4]") + "}", 4))
                .hasMessageContaining("tensor 'w': \"shape\" entry 123456789012345678901234567890 is too large");
    }

    @Test
    void shapeProductOverflow() throws IOException {
        fails(file("{" + entry("w", "F32", "[4294967296,4294967296]", "[0,4]") + "}", 4))
                .hasMessageContaining("tensor 'w': shape [4294967296, 4294967296] product overflows");
        // numel fits a long, numel × 4 bytes does not.
        fails(file("{" + entry("w", "F32", "[3000000000000000000]", "[0,4]") + "}", 4))
                .hasMessageContaining("product overflows");
    }

    @Test
    void dataOffsetsOutOfRangeReversedWrongSize() throws IOException {
        fails(file("{" + entry("w", "F32", "[2]", "[0,8]") + "}", 4))
                .hasMessageContaining("tensor 'w': data_offsets [0, 8] reach past the end of the data (4 bytes)");
        fails(file("{" + entry("w", "F32", "[1]", "[8,4]") + "}", 8))
                .hasMessageContaining("tensor 'w': data_offsets [8, 4] are reversed");
        fails(file("{" + entry("w", "F32", "[2]", "[0,4]") + "}", 8))
                .hasMessageContaining("tensor 'w': data_offsets [0, 4] hold 4 bytes but shape [2] of F32 needs 8");
        fails(file("{" + entry("w", "F32", "[1]", "[0,4,8]") + "}", 8))
                .hasMessageContaining("\"data_offsets\" has 3 entries, expected 2");
        fails(file("{" + entry("w", "F32", "[1]", "[-4,0]") + "}", 8)).hasMessageContaining("is negative");
    }

    @Test
    void overlappingTensors() throws IOException {
        fails(file("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[4,12]") + "}", 12))
                .hasMessageContaining("tensors 'a' and 'b' overlap");
        // Listed in the other order and with a gap first: still found.
        fails(file("{" + entry("b", "I8", "[4]", "[10,14]") + "," + entry("a", "F32", "[4]", "[0,16]") + "}", 16))
                .hasMessageContaining("overlap");
    }

    @Test
    void emptyTensorsNeverOverlapAndGapsAreAllowed() throws IOException {
        Path p = file("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("e", "F32", "[0]", "[4,4]") + ","
                + entry("b", "I8", "[1]", "[12,13]") + "}", 13);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertThat(f.names()).containsExactly("a", "e", "b");
        }
    }

    @Test
    void truncatedData() throws IOException {
        String header = "{" + entry("w", "F32", "[100]", "[0,400]") + "}";
        Path p = file(header, 400);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(all, all.length - 200));
        fails(p).hasMessageContaining("tensor 'w': data_offsets [0, 400] reach past the end of the data (200 bytes)")
                .hasMessageContaining("truncated");
    }

    @Test
    void missingFileIsBadInputNotFormat() {
        assertThatThrownBy(() -> SafetensorsFile.open(dir.resolve("nope.safetensors")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("nope.safetensors: no such file");
    }

    @Test
    void tensorTooLargeForOneArrayMustBeReadInRanges() throws IOException {
        // Header only: the data offsets are validated, so the file must really be that long; use a sparse file.
        long n = (long) Integer.MAX_VALUE + 16;
        String header = "{" + entry("big", "U8", "[" + n + "]", "[0," + n + "]") + "}";
        Path p = file(header, 0);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            long dataStart = raf.length();
            raf.setLength(dataStart + n);
            raf.seek(dataStart + n - 3);
            raf.write(new byte[]{7, 8, 9});
        }
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertThatThrownBy(() -> f.readF32("big"))
                    .isInstanceOf(TensorFormatException.class)
                    .hasMessageContaining("bad.safetensors")
                    .hasMessageContaining("tensor 'big' has 2147483663 elements, more than one Java array can hold");
            float[] tail = new float[4];
            f.readF32("big", n - 4, tail, 0, 4);
            assertThat(tail).containsExactly(0f, 7f, 8f, 9f);
            assertThat(f.rawBytes("big")).isEmpty(); // more than a mapped window
        } finally {
            Files.delete(p);
        }
    }
}
