package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TensorFilesTest {
    private static final String PICKLE_MESSAGE = ": is a Python pickle, which can run arbitrary code when loaded;"
            + " SAEscope does not read pickles. Convert it to safetensors, e.g. in Python:"
            + " from safetensors.torch import save_file; save_file(torch.load(f, weights_only=True),"
            + " 'out.safetensors')";

    @TempDir
    Path dir;

    @Test
    void picksTheReaderByContent() throws IOException {
        try (TensorSource s = TensorFiles.open(Fixtures.resource("all_dtypes.safetensors"))) {
            assertThat(s).isInstanceOf(SafetensorsFile.class);
        }
        try (TensorSource s = TensorFiles.open(Fixtures.resource("arrays_compressed.npz"))) {
            assertThat(s).isInstanceOf(NpzFile.class);
        }
        // Content wins over a misleading extension.
        Path npzNamedOddly = Files.copy(Fixtures.resource("arrays.npz"), dir.resolve("params.safetensors"));
        try (TensorSource s = TensorFiles.open(npzNamedOddly)) {
            assertThat(s).isInstanceOf(NpzFile.class);
            assertThat(s.readF32("f4_le")).hasSize(6);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.pt", "model.pth", "pytorch_model.bin", "last.ckpt", "x.pkl", "W.PT"})
    void pickleExtensionsAreRefusedUnread(String name) throws IOException {
        Path p = Files.write(dir.resolve(name), new byte[]{1, 2, 3});
        assertThatThrownBy(() -> TensorFiles.open(p))
                .isInstanceOf(BadInputException.class)
                .hasMessage(p + PICKLE_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void pickleMagicIsRefusedWhateverTheExtension(int protocol) throws IOException {
        // What pickle.dumps({}, protocol) starts with: PROTO n, then (for 4+) a FRAME opcode.
        byte[] bytes = protocol >= 4
                ? new byte[]{(byte) 0x80, (byte) protocol, (byte) 0x95, 4, 0, 0, 0, 0, 0, 0, 0, '}', (byte) 0x94, '.'}
                : new byte[]{(byte) 0x80, (byte) protocol, '}', 'q', 0, '.'};
        Path p = Files.write(dir.resolve("sae.safetensors"), bytes);
        assertThatThrownBy(() -> TensorFiles.open(p))
                .isInstanceOf(BadInputException.class)
                .hasMessage(p + PICKLE_MESSAGE);
    }

    @Test
    void safetensorsWhoseLengthStartsLikePickleMagicIsNotAPickle() throws IOException {
        // A 640-byte header makes the file start 0x80 0x02, the same as pickle protocol 2.
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        String padded = json + " ".repeat(640 - json.length());
        Path p = dir.resolve("x.safetensors");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 640 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(640).put(padded.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putFloat(2.5f);
        Files.write(p, b.array());
        assertThat(b.array()[0] & 0xff).isEqualTo(0x80);
        assertThat(b.array()[1]).isEqualTo((byte) 2);
        try (TensorSource s = TensorFiles.open(p)) {
            assertThat(s.readF32("a")).containsExactly(2.5f);
        }
    }

    @Test
    void torchZipCheckpointIsRefusedAsPickle() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("model/data.pkl", new byte[]{(byte) 0x80, 2, '}', '.'});
        entries.put("model/version", "3\n".getBytes());
        Path p = Files.write(dir.resolve("model.zip"), NpyBytes.zip(false, entries));
        assertThatThrownBy(() -> TensorFiles.open(p))
                .isInstanceOf(BadInputException.class)
                .hasMessage(p + PICKLE_MESSAGE);
    }

    @Test
    void missingDirectoryAndWrongMagic() throws IOException {
        assertThatThrownBy(() -> TensorFiles.open(dir.resolve("none.safetensors")))
                .isInstanceOf(BadInputException.class).hasMessageEndingWith("none.safetensors: no such file");
        assertThatThrownBy(() -> TensorFiles.open(dir))
                .isInstanceOf(BadInputException.class).hasMessageContaining("is a directory");
        Path fakeNpz = Files.write(dir.resolve("params.npz"), "not a zip at all".getBytes());
        assertThatThrownBy(() -> TensorFiles.open(fakeNpz))
                .isInstanceOf(TensorFormatException.class).hasMessageContaining("params.npz: not a valid npz");
        Path garbage = Files.write(dir.resolve("w.safetensors"), "hello world, not tensors".getBytes());
        assertThatThrownBy(() -> TensorFiles.open(garbage))
                .isInstanceOf(TensorFormatException.class).hasMessageContaining("w.safetensors: header length");
    }
}
