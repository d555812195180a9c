package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The numpy-written .npy files and the np.savez / np.savez_compressed archives of the same arrays. */
class NpyNpzFixturesTest {
    private static final JsonNode EXPECTED = Fixtures.expected().get("npy");

    @Test
    void everyNpyFileReadsAsNumpySays() {
        for (Map.Entry<String, JsonNode> e : EXPECTED.properties()) {
            NpyArray a = NpyReader.read(Fixtures.resource("npy/" + e.getKey() + ".npy"));
            check(e.getKey(), e.getValue(), a.info(e.getKey()), a.readF32(), e.getValue().has("i64") ? a.readI64() : null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arrays.npz", "arrays_compressed.npz"})
    void npzArchivesReadAsNumpySays(String file) {
        try (NpzFile npz = NpzFile.open(Fixtures.resource(file))) {
            List<String> names = new ArrayList<>();
            Fixtures.expected().get("npz_names").forEach(n -> names.add(n.textValue()));
            assertThat(npz.names()).containsExactlyElementsOf(names);
            assertThat(npz.metadata()).isEmpty();
            for (String name : names) {
                JsonNode exp = EXPECTED.get(name);
                check(name, exp, npz.info(name), npz.readF32(name), exp.has("i64") ? npz.readI64(name) : null);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arrays.npz", "arrays_compressed.npz"})
    void rangedNpzReadsMatchFullReads(String file) {
        try (NpzFile npz = NpzFile.open(Fixtures.resource(file))) {
            for (String name : List.of("f4_be", "fortran_f4", "i8_le", "u2_be")) {
                float[] all = npz.readF32(name);
                float[] part = new float[all.length];
                npz.readF32(name, 2, part, 1, all.length - 3);
                for (int i = 0; i < all.length - 3; i++) {
                    assertThat(Float.floatToRawIntBits(part[1 + i])).as(name).isEqualTo(Float.floatToRawIntBits(all[2 + i]));
                }
            }
        }
    }

    @Test
    void uint64AboveLongMaxReadsAsFloatButNotAsLong() {
        NpyArray big = NpyReader.read(Fixtures.resource("npy/u8_big.npy"));
        assertThat(Fixtures.bits(big.readF32())).containsExactly(Fixtures.ints(EXPECTED.get("u8_big").get("f32_bits")));
        assertThatThrownBy(big::readI64)
                .isInstanceOf(TensorFormatException.class)
                .hasMessageContaining("u8_big.npy")
                .hasMessageContaining("18446744073709551615 does not fit");
    }

    @Test
    void floatArraysRefuseReadI64() {
        try (NpzFile npz = NpzFile.open(Fixtures.resource("arrays.npz"))) {
            assertThatThrownBy(() -> npz.readI64("f2_le"))
                    .isInstanceOf(TensorFormatException.class)
                    .hasMessageContaining("arrays.npz")
                    .hasMessageContaining("not an integer");
        }
    }

    @Test
    void singleNpyFileIsATensorSource() {
        try (TensorSource src = TensorFiles.open(Fixtures.resource("npy/fortran_i4_be.npy"))) {
            assertThat(src).isInstanceOf(NpyFile.class);
            assertThat(src.names()).containsExactly("fortran_i4_be");
            JsonNode exp = EXPECTED.get("fortran_i4_be");
            check("fortran_i4_be", exp, src.info("fortran_i4_be"), src.readF32("fortran_i4_be"), src.readI64("fortran_i4_be"));
            float[] part = new float[2];
            src.readF32("fortran_i4_be", 3, part, 0, 2);
            assertThat(part).containsExactly(3f, 4f); // np.arange(6).reshape(2, 3), row-major
        }
        try (TensorSource src = TensorFiles.open(Fixtures.resource("npy/i8_be.npy"))) {
            float[] part = new float[3];
            src.readF32("i8_be", 3, part, 0, 3);
            assertThat(Fixtures.bits(part)).containsExactly(
                    java.util.Arrays.copyOfRange(Fixtures.ints(EXPECTED.get("i8_be").get("f32_bits")), 3, 6));
        }
    }

    private static void check(String name, JsonNode exp, TensorInfo info, float[] f32, long[] i64) {
        assertThat(info.shape()).as(name).containsExactly(Fixtures.longs(exp.get("shape")));
        assertThat(info.dtype().name()).as(name).isEqualTo(exp.get("dtype").textValue());
        assertThat(Fixtures.bits(f32)).as(name).containsExactly(Fixtures.ints(exp.get("f32_bits")));
        if (i64 != null) {
            assertThat(i64).as(name).containsExactly(Fixtures.longs(exp.get("i64")));
        }
    }
}
