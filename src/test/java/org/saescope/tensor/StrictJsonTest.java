package org.saescope.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict reader the lm and sae config readers share: every refusal names the file and why. */
class StrictJsonTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsAnObject() throws IOException {
        JsonNode root = StrictJson.readObject(write("config.json", "{\"n_head\": 4, \"name\": \"x\"}"));
        assertThat(root.get("n_head").asInt()).isEqualTo(4);
        assertThat(root.get("name").asText()).isEqualTo("x");
    }

    @Test
    void refusesDuplicateKeys() throws IOException {
        Path p = write("dup.json", "{\"d_in\": 16,\n \"d_in\": 32}");
        assertThatThrownBy(() -> StrictJson.readObject(p)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(p + ": invalid JSON")
                .hasMessageContaining("d_in").hasMessageContaining("line 2");
        assertThatThrownBy(() -> StrictJson.parseObject("{\"a\": 1, \"a\": 1}", Path.of("preset.json")))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("preset.json: invalid JSON");
    }

    @Test
    void refusesAnythingButAnObject() throws IOException {
        for (String text : new String[] {"", "[1, 2]", "42", "null"}) {
            Path p = write("not-object.json", text);
            assertThatThrownBy(() -> StrictJson.readObject(p)).isInstanceOf(BadInputException.class)
                    .hasMessage(p + ": must hold a JSON object");
        }
        assertThatThrownBy(() -> StrictJson.parseObject("[]", Path.of("preset.json")))
                .hasMessage("preset.json: must hold a JSON object");
    }

    @Test
    void invalidJsonSaysWhere() throws IOException {
        Path p = write("broken.json", "{\n  \"a\": 1,\n  \"b\": }");
        assertThatThrownBy(() -> StrictJson.readObject(p)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(p + ": invalid JSON: ").hasMessageContaining("at line 3, column");
    }

    @Test
    void missingFileAndDirectoryAreBadInput() {
        Path missing = dir.resolve("absent.json");
        assertThatThrownBy(() -> StrictJson.readObject(missing)).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": file not found");
        assertThatThrownBy(() -> StrictJson.readObject(dir)).isInstanceOf(BadInputException.class)
                .hasMessage(dir + ": is a directory, not a JSON file");
    }

    @Test
    void refusesAFileOverTheCapWithoutReadingIt() throws IOException {
        Path p = dir.resolve("huge.json");
        // Sparse: one byte past 16 MiB, never filled, so the cap must act on the size alone.
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength((16L << 20) + 1);
        }
        assertThatThrownBy(() -> StrictJson.readObject(p)).isInstanceOf(BadInputException.class)
                .hasMessage(p + ": is larger than 16 MiB, too large for a config");
        Files.writeString(p, "{}");
        assertThat(StrictJson.readObject(p).size()).isZero();
    }
}
