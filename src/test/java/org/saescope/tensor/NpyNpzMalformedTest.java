package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken .npy and .npz inputs fail with a TensorFormatException naming the file and the problem. */
class NpyNpzMalformedTest {
    private static final Path NPY = Path.of("bad.npy");

    @TempDir
    Path dir;

    private static AbstractThrowableAssert<?, ?> npyFails(byte[] bytes) {
        return assertThatThrownBy(() -> NpyReader.parse(NPY, bytes))
                .isInstanceOf(TensorFormatException.class)
                .hasMessageContaining("bad.npy");
    }

    private Path npz(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("bad.npz"), bytes);
    }

    private static AbstractThrowableAssert<?, ?> npzFails(Path p, String readName) {
        return assertThatThrownBy(() -> {
            try (NpzFile f = NpzFile.open(p)) {
                if (readName != null) {
                    f.readF32(readName);
                }
            }
        }).isInstanceOf(TensorFormatException.class).hasMessageContaining("bad.npz");
    }

    @Test
    void goodHandMadeNpyParses() {
        NpyArray a = NpyReader.parse(NPY, NpyBytes.npy(NpyBytes.dict("<f4", false, "(2,)"), NpyBytes.floatsLe(1f, 2f)));
        assertThat(a.readF32()).containsExactly(1f, 2f);
        // Python 2 wrote longs with an L; whitespace and the trailing comma are optional.
        NpyArray b = NpyReader.parse(NPY, NpyBytes.npy("{'shape':(1L,2L),'fortran_order':False,'descr':'<f4'}",
                NpyBytes.floatsLe(3f, 4f)));
        assertThat(b.shape()).containsExactly(1, 2);
    }

    @Test
    void badMagicAndVersion() {
        byte[] good = NpyBytes.npy(NpyBytes.dict("<f4", false, "(1,)"), NpyBytes.floatsLe(1f));
        byte[] magic = good.clone();
        magic[1] = 'X';
        npyFails(magic).hasMessageContaining("not a .npy array (bad magic");
        byte[] version = good.clone();
        version[6] = 9;
        npyFails(version).hasMessageContaining("unsupported npy version 9.0");
        npyFails(new byte[]{(byte) 0x93, 'N', 'U'}).hasMessageContaining("truncated npy magic and version");
        npyFails(java.util.Arrays.copyOf(good, 30)).hasMessageContaining("truncated npy header");
    }

    @Test
    void badHeaderDict() {
        byte[] one = NpyBytes.floatsLe(1f);
        npyFails(NpyBytes.npy("{'descr': '<f4', 'shape': (1,), }", one)).hasMessageContaining("lacks 'fortran_order'");
        npyFails(NpyBytes.npy(NpyBytes.dict("<f4", false, "(1)"), one)).hasMessageContaining("(n) needs a trailing comma");
        npyFails(NpyBytes.npy(NpyBytes.dict("<f4", false, "(-1,)"), one)).hasMessageContaining("non-negative integers");
        npyFails(NpyBytes.npy(NpyBytes.dict("<f4", false, "(99999999999999999999,)"), one)).hasMessageContaining("is too large");
        npyFails(NpyBytes.npy(NpyBytes.dict("<f4", false, "(4294967296, 4294967296)"), one)).hasMessageContaining("product overflows");
        npyFails(NpyBytes.npy("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}", one)).hasMessageContaining("True or False");
        npyFails(NpyBytes.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", one))
                .hasMessageContaining("unexpected key 'extra'");
        npyFails(NpyBytes.npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", one))
                .hasMessageContaining("duplicate key 'descr'");
        npyFails(NpyBytes.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", one))
                .hasMessageContaining("unexpected text after the header dict");
        npyFails(NpyBytes.npy("{'descr': '<f4', 'fortran_order': False", one)).hasMessageContaining("bad npy header");
    }

    @Test
    void lyingShape() {
        npyFails(NpyBytes.npy(NpyBytes.dict("<f4", false, "(10,)"), NpyBytes.floatsLe(1f, 2f)))
                .hasMessageContaining("npy says 40 bytes, file has 8");
        npyFails(NpyBytes.npy(NpyBytes.dict("<f4", false, "(1,)"), NpyBytes.floatsLe(1f, 2f)))
                .hasMessageContaining("npy says 4 bytes, file has 8");
    }

    @Test
    void unsupportedDescr() {
        npyFails(NpyBytes.npy(NpyBytes.dict("<c8", false, "(1,)"), new byte[8])).hasMessageContaining("unsupported dtype descr '<c8'");
        npyFails(NpyBytes.npy(NpyBytes.dict("|O", false, "(1,)"), new byte[8])).hasMessageContaining("pickled Python objects");
        npyFails(NpyBytes.npy(NpyBytes.dict("<U5", false, "(1,)"), new byte[20])).hasMessageContaining("unsupported dtype descr '<U5'");
        npyFails(NpyBytes.npy(NpyBytes.dict("|f4", false, "(1,)"), new byte[4])).hasMessageContaining("unsupported dtype descr '|f4'");
        npyFails(NpyBytes.npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", new byte[4]))
                .hasMessageContaining("structured");
    }

    @Test
    void npzEntryLyingAboutItsSize() throws IOException {
        byte[] arr = NpyBytes.npy(NpyBytes.dict("<f4", false, "(100,)"), new byte[400]);
        for (boolean deflate : new boolean[]{true, false}) {
            byte[] zip = NpyBytes.patchDeclaredSize(NpyBytes.zip(deflate, Map.of("w.npy", arr)), "w.npy", 100);
            npzFails(npz(zip), null).hasMessageContaining("entry 'w.npy': npy says " + arr.length + " bytes, entry has 100");
        }
        // The npy inside claims more data than the entry holds.
        byte[] lying = NpyBytes.npy(NpyBytes.dict("<f4", false, "(100,)"), new byte[40]);
        npzFails(npz(NpyBytes.zip(true, Map.of("w.npy", lying))), null)
                .hasMessageContaining("npy says " + (lying.length + 360) + " bytes, entry has " + lying.length);
    }

    @Test
    void truncatedDeflatedEntry() throws IOException {
        // Zip and npy header agree on 400 data bytes, but the compressed stream only yields 40.
        byte[] shortArr = NpyBytes.npy(NpyBytes.dict("<f4", false, "(100,)"), new byte[40]);
        byte[] zip = NpyBytes.patchDeclaredSize(NpyBytes.zip(true, Map.of("w.npy", shortArr)), "w.npy", shortArr.length + 360);
        npzFails(npz(zip), "w").hasMessageContaining("entry 'w.npy': truncated entry: npy says 400 data bytes");
    }

    @Test
    void deflateBombIsRefusedBeforeInflating() throws IOException {
        // The npy header claims 4 GB of uint8; the zip agrees; the compressed entry is ~100 bytes.
        long claimed = 4_000_000_000L;
        byte[] arr = NpyBytes.npy(NpyBytes.dict("|u1", false, "(" + claimed + ",)"), new byte[64]);
        int headerLen = arr.length - 64;
        byte[] zip = NpyBytes.patchDeclaredSize(NpyBytes.zip(true, Map.of("bomb.npy", arr)), "bomb.npy", headerLen + claimed);
        npzFails(npz(zip), "bomb").hasMessageContaining("entry 'bomb.npy': claims " + (headerLen + claimed) + " bytes from")
                .hasMessageContaining("more than deflate can produce");
    }

    @Test
    void entryWithMoreDataThanItsHeaderSays() throws IOException {
        byte[] arr = NpyBytes.npy(NpyBytes.dict("<f4", false, "(2,)"), NpyBytes.floatsLe(1f, 2f, 3f));
        byte[] zip = NpyBytes.patchDeclaredSize(NpyBytes.zip(true, Map.of("w.npy", arr)), "w.npy", arr.length - 4);
        npzFails(npz(zip), "w").hasMessageContaining("holds more bytes than its npy header says");
    }

    @Test
    void npzStructureProblems() throws IOException {
        Map<String, byte[]> other = new LinkedHashMap<>();
        other.put("readme.txt", new byte[]{1});
        npzFails(npz(NpyBytes.zip(false, other)), null).hasMessageContaining("entry 'readme.txt': not a .npy array");

        npzFails(npz(new byte[]{'P', 'K', 3, 4, 0, 0}), null).hasMessageContaining("not a valid npz (zip) file");

        Map<String, byte[]> badNpy = new LinkedHashMap<>();
        badNpy.put("w.npy", new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        npzFails(npz(NpyBytes.zip(true, badNpy)), null).hasMessageContaining("entry 'w.npy': not a .npy array (bad magic");

        Map<String, byte[]> torch = new LinkedHashMap<>();
        torch.put("archive/data.pkl", new byte[]{(byte) 0x80, 2});
        torch.put("archive/data/0", new byte[4]);
        assertThatThrownBy(() -> NpzFile.open(npz(NpyBytes.zip(false, torch))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.npz: is a Python pickle");
    }
}
