package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads the hand-written all-dtypes fixture and compares with what numpy/torch computed. */
class SafetensorsFileTest {
    private static final Path FILE = Fixtures.resource("all_dtypes.safetensors");
    private static final JsonNode EXPECTED = Fixtures.expected().get("safetensors");

    @Test
    void namesKeepHeaderOrderAndMetadataIsKept() {
        try (SafetensorsFile f = SafetensorsFile.open(FILE)) {
            List<String> names = new ArrayList<>();
            EXPECTED.get("names").forEach(n -> names.add(n.textValue()));
            assertThat(f.names()).containsExactlyElementsOf(names);
            Map<String, String> meta = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : EXPECTED.get("metadata").properties()) {
                meta.put(e.getKey(), e.getValue().textValue());
            }
            assertThat(f.metadata()).containsExactlyEntriesOf(meta);
            assertThat(f.contains("__metadata__")).isFalse();
        }
    }

    @Test
    void everyDtypeReadsAsNumpyAndTorchSay() {
        try (SafetensorsFile f = SafetensorsFile.open(FILE)) {
            for (Map.Entry<String, JsonNode> e : EXPECTED.get("tensors").properties()) {
                String name = e.getKey();
                JsonNode exp = e.getValue();
                TensorInfo info = f.info(name);
                assertThat(info.dtype().safetensorsName()).as(name).isEqualTo(exp.get("dtype").textValue());
                assertThat(info.shape()).as(name).containsExactly(Fixtures.longs(exp.get("shape")));
                assertThat(Fixtures.bits(f.readF32(name))).as(name).containsExactly(Fixtures.ints(exp.get("f32_bits")));
                if (exp.has("i64")) {
                    assertThat(f.readI64(name)).as(name).containsExactly(Fixtures.longs(exp.get("i64")));
                } else {
                    assertThatThrownBy(() -> f.readI64(name)).as(name)
                            .isInstanceOf(TensorFormatException.class)
                            .hasMessageContaining("not an integer");
                }
            }
        }
    }

    @Test
    void rangedReadMatchesFullRead() {
        try (SafetensorsFile f = SafetensorsFile.open(FILE)) {
            float[] all = f.readF32("half");
            float[] part = new float[7];
            f.readF32("half", 3, part, 2, 5);
            for (int i = 0; i < 5; i++) {
                assertThat(Float.floatToRawIntBits(part[2 + i])).isEqualTo(Float.floatToRawIntBits(all[3 + i]));
            }
            assertThatThrownBy(() -> f.readF32("half", 10, part, 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void tinyWindowsReadAcrossBoundaries() {
        // 24-byte windows every 16 bytes: almost every tensor straddles a window boundary.
        try (SafetensorsFile small = SafetensorsFile.open(FILE, 24, 16);
             SafetensorsFile normal = SafetensorsFile.open(FILE)) {
            for (String name : normal.names()) {
                assertThat(Fixtures.bits(small.readF32(name))).as(name)
                        .containsExactly(Fixtures.bits(normal.readF32(name)));
            }
            assertThat(small.readI64("ids.i64")).containsExactly(normal.readI64("ids.i64"));
            // Tensors larger than the guaranteed span may not come back as one slice; small ones must.
            assertThat(small.rawBytes("u8")).isPresent();
        }
    }

    @Test
    void rawBytesIsAReadOnlyLittleEndianView() {
        try (SafetensorsFile f = SafetensorsFile.open(FILE)) {
            ByteBuffer raw = f.rawBytes("weights.f32").orElseThrow();
            assertThat(raw.isReadOnly()).isTrue();
            assertThat(raw.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(raw.remaining()).isEqualTo(32);
            assertThat(raw.getFloat(0)).isEqualTo(f.readF32("weights.f32")[0]);
            assertThat(f.rawBytes("empty").orElseThrow().remaining()).isZero();
            assertThat(f.fileOffset("i16")).isEqualTo(8 + headerLength(f));
        }
    }

    private static long headerLength(SafetensorsFile f) {
        return readHeaderLength(f.path());
    }

    private static long readHeaderLength(Path p) {
        try {
            byte[] b = java.nio.file.Files.readAllBytes(p);
            return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownNameIsAFormatErrorNamingTheFileAndTensor() {
        try (SafetensorsFile f = SafetensorsFile.open(FILE)) {
            assertThatThrownBy(() -> f.readF32("nope"))
                    .isInstanceOf(TensorFormatException.class)
                    .hasMessageContaining("all_dtypes.safetensors")
                    .hasMessageContaining("no tensor named 'nope'");
        }
    }
}
