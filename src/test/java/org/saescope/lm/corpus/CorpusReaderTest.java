package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

class CorpusReaderTest {
    @TempDir
    Path tmp;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    private static List<CorpusDocument> readAll(Path p) {
        try (CorpusReader r = CorpusReader.open(p)) {
            return r.stream().toList();
        }
    }

    @Test
    void plainTextDocumentsAreSeparatedByBlankLines() throws IOException {
        Path p = file("notes.txt", "\n\nFirst doc,\nsecond line.\n\n  \n\nSecond doc.\r\nStill second.\n\n\nThird");
        List<CorpusDocument> docs = readAll(p);
        assertThat(docs).extracting(CorpusDocument::text)
                .containsExactly("First doc,\nsecond line.", "Second doc.\nStill second.", "Third");
        assertThat(docs).extracting(CorpusDocument::line).containsExactly(3L, 8L, 12L);
        assertThat(CorpusReader.kindOf(p)).isEqualTo(CorpusReader.Kind.TEXT);
    }

    @Test
    void jsonlYieldsTheTextFieldOfEachLineAndIgnoresOthers() throws IOException {
        Path p = file("docs.JSONL", "{\"id\": 1, \"text\": \"caf\\u00e9 \\ud83d\\ude00\"}\n\n{\"text\": \"two\\nlines\", \"meta\": {}}\n");
        List<CorpusDocument> docs = readAll(p);
        assertThat(docs).extracting(CorpusDocument::text).containsExactly("café \uD83D\uDE00", "two\nlines");
        assertThat(docs).extracting(CorpusDocument::line).containsExactly(1L, 3L);
        assertThat(CorpusReader.kindOf(p)).isEqualTo(CorpusReader.Kind.JSONL);
    }

    @Test
    void byteOrderMarkIsDropped() throws IOException {
        Path p = file("bom.txt", "\uFEFFHello");
        assertThat(readAll(p)).extracting(CorpusDocument::text).containsExactly("Hello");
    }

    @Test
    void preparedBrownSplitReadsAsJsonlText() {
        Path heldout = Path.of("assets/corpus/brown-heldout.jsonl");
        List<CorpusDocument> docs = readAll(heldout);
        assertThat(docs).hasSize(PreparedCorpus.readAll(heldout).size());
        assertThat(docs.get(0).text()).isEqualTo(PreparedCorpus.readAll(heldout).get(0).text());
    }

    @Test
    void missingFileIsBadInput() {
        Path p = tmp.resolve("absent.txt");
        assertThatThrownBy(() -> CorpusReader.open(p))
                .isInstanceOf(BadInputException.class).hasMessageContaining(p.toString()).hasMessageContaining("not found");
    }

    @Test
    void folderIsBadInput() {
        assertThatThrownBy(() -> CorpusReader.open(tmp))
                .isInstanceOf(BadInputException.class).hasMessageContaining("folder");
    }

    @Test
    void emptyOrBlankCorpusIsBadInput() throws IOException {
        Path empty = file("empty.txt", "");
        Path blank = file("blank.jsonl", "\n  \n\n");
        assertThatThrownBy(() -> CorpusReader.open(empty))
                .isInstanceOf(BadInputException.class).hasMessageContaining("empty.txt").hasMessageContaining("empty corpus");
        assertThatThrownBy(() -> CorpusReader.open(blank))
                .isInstanceOf(BadInputException.class).hasMessageContaining("blank.jsonl").hasMessageContaining("empty corpus");
    }

    @Test
    void invalidUtf8IsBadInputNamingTheLine() throws IOException {
        byte[] good = "one\n\ntwo\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'x', (byte) 0xC3, '(', '\n'}; // 0xC3 must be followed by a continuation byte
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Path p = file("latin1.txt", all);
        try (CorpusReader r = CorpusReader.open(p)) {
            assertThat(r.next().text()).isEqualTo("one");
            assertThatThrownBy(r::next)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("latin1.txt")
                    .hasMessageContaining("line 4: not valid UTF-8");
        }
    }

    @Test
    void jsonlLineWithoutTextIsBadInputNamingTheLine() throws IOException {
        Path p = file("c.jsonl", "{\"text\": \"ok\"}\n{\"txt\": \"typo\"}\n");
        try (CorpusReader r = CorpusReader.open(p)) {
            r.next();
            assertThatThrownBy(r::next)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("c.jsonl")
                    .hasMessageContaining("line 2: no \"text\" field");
        }
    }

    @Test
    void jsonlTextThatIsNotAStringOrLineThatIsNotJsonIsBadInput() throws IOException {
        Path number = file("n.jsonl", "{\"text\": 3}\n");
        Path broken = file("b.jsonl", "{\"text\": \"a\"}\n{\"text\": \"unterminated}\n");
        Path array = file("a.jsonl", "[\"text\"]\n");
        assertThatThrownBy(() -> CorpusReader.open(number))
                .isInstanceOf(BadInputException.class).hasMessageContaining("line 1: \"text\" is not a string");
        assertThatThrownBy(() -> readAll(broken))
                .isInstanceOf(BadInputException.class).hasMessageContaining("line 2: invalid JSON");
        assertThatThrownBy(() -> CorpusReader.open(array))
                .isInstanceOf(BadInputException.class).hasMessageContaining("line 1: not a JSON object");
    }
}
