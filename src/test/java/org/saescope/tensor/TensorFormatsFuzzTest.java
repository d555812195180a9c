package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer fuzz targets for every parser in this package. The contract fuzzed: malformed bytes may
 * only ever produce a {@link TensorFormatException} (or, for whole files, another
 * {@link BadInputException} such as the pickle refusal); any other exception, an OOM or a hang is a bug.
 *
 * <p>Under {@code mvn test} (JAZZER_FUZZ=0) each target runs only its seed and regression inputs from
 * {@code src/test/resources/org/saescope/tensor/TensorFormatsFuzzTestInputs/<method>/}. To fuzz one
 * target for real (one target per run):
 * {@code mvn -o test -Dtest='TensorFormatsFuzzTest#fuzzNpy' -DJAZZER_FUZZ=1}.
 * It must be the system property: surefire sets the environment variable to 0, and Jazzer fuzzes
 * when either says 1. Jazzer 0.24 takes the duration only from {@code maxDuration} below (there is
 * no command-line override), so edit it to fuzz longer. New corpus entries land in
 * {@code .cifuzz-corpus/}; findings (crash files) land in the inputs directory above, where they
 * become regression inputs.
 */
class TensorFormatsFuzzTest {
    /** The data section length the header fuzzer validates against. */
    private static final long FUZZ_DATA_SIZE = 4096;
    private static final Path NAME = Path.of("fuzz.safetensors");

    private static Path scratch(String suffix) {
        try {
            Path p = Files.createTempFile("saescope-fuzz", suffix);
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Path SAFETENSORS_FILE = scratch(".safetensors");
    private static final Path NPZ_FILE = scratch(".npz");

    @FuzzTest(maxDuration = "60s")
    void fuzzSafetensorsHeader(byte[] json) {
        SafetensorsHeader h;
        try {
            h = SafetensorsHeader.parse(NAME, json, FUZZ_DATA_SIZE);
        } catch (TensorFormatException expected) {
            return;
        }
        // Whatever was accepted must honour the invariants the readers rely on.
        for (SafetensorsHeader.Entry e : h.entries().values()) {
            assertThat(e.begin()).isBetween(0L, e.end());
            assertThat(e.end()).isLessThanOrEqualTo(FUZZ_DATA_SIZE);
            assertThat(e.end() - e.begin()).isEqualTo(e.info().byteSize());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void fuzzSafetensorsFile(byte[] bytes) throws IOException {
        Files.write(SAFETENSORS_FILE, bytes);
        // Tiny windows so that reads constantly cross mapping boundaries.
        try (SafetensorsFile f = SafetensorsFile.open(SAFETENSORS_FILE, 40, 24)) {
            for (String name : f.names()) {
                float[] all = f.readF32(name);
                assertThat((long) all.length).isEqualTo(f.info(name).numel());
                if (!f.info(name).dtype().isFloatingPoint()) {
                    assertThat(f.readI64(name)).hasSize(all.length);
                }
            }
        } catch (TensorFormatException expected) {
            // malformed input, reported properly
        }
    }

    @FuzzTest(maxDuration = "60s")
    void fuzzNpy(byte[] bytes) {
        NpyArray a;
        try {
            a = NpyReader.parse(Path.of("fuzz.npy"), bytes);
        } catch (TensorFormatException expected) {
            return;
        }
        float[] f = a.readF32();
        assertThat((long) f.length).isEqualTo(a.numel());
        if (!a.dtype().isFloatingPoint()) {
            try {
                assertThat(a.readI64()).hasSize(f.length);
            } catch (TensorFormatException uint64TooLarge) {
                // legitimate: a uint64 above Long.MAX_VALUE
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void fuzzNpz(byte[] bytes) throws IOException {
        Files.write(NPZ_FILE, bytes);
        try (NpzFile npz = NpzFile.open(NPZ_FILE)) {
            for (String name : npz.names()) {
                float[] all = npz.readF32(name);
                if (all.length > 2) {
                    float[] part = new float[all.length - 2];
                    npz.readF32(name, 1, part, 0, part.length);
                    assertThat(Float.floatToRawIntBits(part[0])).as(name).isEqualTo(Float.floatToRawIntBits(all[1]));
                }
                if (!npz.info(name).dtype().isFloatingPoint()) {
                    npz.readI64(name);
                }
            }
        } catch (BadInputException expected) {
            // malformed input (TensorFormatException) or a refused pickle zip
        }
    }
}
