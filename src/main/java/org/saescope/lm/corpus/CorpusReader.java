package org.saescope.lm.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import org.saescope.tensor.BadInputException;

/**
 * Streams the documents of a text corpus file, for the commands that run a model over text (index,
 * eval, training). Two kinds, told apart by the file name:
 * <ul>
 *   <li>{@code .jsonl} / {@code .ndjson}: one JSON object per line with a string field
 *       {@code text} (other fields are ignored, so prepared Brown splits work too); blank lines are
 *       skipped;</li>
 *   <li>anything else is plain text: documents are separated by one or more blank lines, and a
 *       document keeps its inner line breaks.</li>
 * </ul>
 * The file must be UTF-8. A missing file, a corpus without documents, a bad byte, or a JSONL line
 * that is not an object with a string {@code text} is a {@link BadInputException} naming the file
 * and the line. Only one document is held in memory at a time.
 */
public final class CorpusReader extends LineDocumentReader<CorpusDocument> {
    /** How a file's documents are laid out. */
    public enum Kind {
        TEXT,
        JSONL
    }

    private final Kind kind;

    private CorpusReader(Utf8Lines lines, Kind kind) {
        super(lines);
        this.kind = kind;
    }

    /** Opens {@code file}, detecting its kind from its name; refuses an empty corpus. */
    public static CorpusReader open(Path file) {
        return requireDocuments(new CorpusReader(Utf8Lines.open(file), kindOf(file)));
    }

    /** JSONL for {@code .jsonl} and {@code .ndjson} names (any case), plain text otherwise. */
    public static Kind kindOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? Kind.JSONL : Kind.TEXT;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    CorpusDocument read() {
        return kind == Kind.JSONL ? readJsonl() : readText();
    }

    private CorpusDocument readJsonl() {
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode text = jsonObject(line).get("text");
            if (text == null) {
                throw bad("no \"text\" field");
            }
            if (!text.isTextual()) {
                throw bad("\"text\" is not a string");
            }
            return new CorpusDocument(lines.file(), lines.lineNumber(), text.textValue());
        }
        return null;
    }

    private CorpusDocument readText() {
        StringBuilder doc = null;
        long start = 0;
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                if (doc != null) {
                    break;
                }
                continue;
            }
            if (doc == null) {
                doc = new StringBuilder(line);
                start = lines.lineNumber();
            } else {
                doc.append('\n').append(line);
            }
        }
        return doc == null ? null : new CorpusDocument(lines.file(), start, doc.toString());
    }
}
