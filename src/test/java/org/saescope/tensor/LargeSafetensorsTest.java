package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse ~2.2 GiB file (no real disk use) with tensors at and beyond the 2 GiB mark, where an
 * int-indexed MappedByteBuffer would fail: one straddling file offset 2^31 and one wholly past it.
 */
class LargeSafetensorsTest {
    private static final long TWO_GIB = 1L << 31;
    private static final int HEADER_BYTES = 512;
    private static final long DATA_START = 8 + HEADER_BYTES;
    private static final long STRADDLE_AT = TWO_GIB - 32; // 16 floats: 8 before 2^31, 8 after
    private static final long PAST_AT = TWO_GIB + (1L << 26) + 4;
    private static final long FILE_SIZE = TWO_GIB + (200L << 20);

    @TempDir
    Path dir;

    @Test
    void readsTensorsAtAndBeyondTwoGib() throws IOException {
        Path file = dir.resolve("large.safetensors");
        float[] head = {1f, 2f, 3f, 4f};
        float[] straddle = new float[16];
        float[] past = new float[8];
        for (int i = 0; i < straddle.length; i++) {
            straddle[i] = 100 + i * 0.5f;
        }
        for (int i = 0; i < past.length; i++) {
            past[i] = -1000 - i;
        }
        String header = "{\"head\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"straddle\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":["
                + (STRADDLE_AT - DATA_START) + "," + (STRADDLE_AT - DATA_START + 64) + "]},"
                + "\"past\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":["
                + (PAST_AT - DATA_START) + "," + (PAST_AT - DATA_START + 32) + "]}}";
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(FILE_SIZE);
            ByteBuffer h = ByteBuffer.allocate(8 + HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            h.putLong(HEADER_BYTES).put(header.getBytes(StandardCharsets.US_ASCII));
            while (h.hasRemaining()) {
                h.put((byte) ' ');
            }
            raf.write(h.array());
            raf.write(le(head));
            raf.seek(STRADDLE_AT);
            raf.write(le(straddle));
            raf.seek(PAST_AT);
            raf.write(le(past));
        }

        // Default windows (1 GiB every 512 MiB) and windows whose boundary falls exactly on 2^31,
        // which forces the straddling tensor to be read in two runs from two mappings.
        long[][] windowings = {{MappedWindows.DEFAULT_WINDOW, MappedWindows.DEFAULT_STRIDE}, {(1L << 30) + 8, 1L << 30}};
        for (long[] w : windowings) {
            try (SafetensorsFile f = SafetensorsFile.open(file, w[0], w[1])) {
                assertThat(f.names()).containsExactly("head", "straddle", "past");
                assertThat(f.fileOffset("past")).isEqualTo(PAST_AT);
                assertThat(f.readF32("head")).containsExactly(head);
                assertThat(f.readF32("straddle")).containsExactly(straddle);
                assertThat(f.readF32("past")).containsExactly(past);
                float[] middle = new float[4];
                f.readF32("straddle", 6, middle, 0, 4); // elements 6..9 sit on both sides of 2^31
                assertThat(middle).containsExactly(103f, 103.5f, 104f, 104.5f);
                assertThat(f.rawBytes("past").orElseThrow().getFloat(4)).isEqualTo(-1001f);
            }
        }
    }

    private static byte[] le(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
