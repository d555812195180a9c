package org.saescope.lm.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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
public final class CorpusReader implements Iterator<CorpusDocument>, AutoCloseable {
    /** How a file's documents are laid out. */
    public enum Kind {
        TEXT,
        JSONL
    }

    private final Utf8Lines lines;
    private final Kind kind;
    private CorpusDocument next;
    private boolean exhausted;

    private CorpusReader(Utf8Lines lines, Kind kind) {
        this.lines = lines;
        this.kind = kind;
    }

    /** Opens {@code file}, detecting its kind from its name; refuses an empty corpus. */
    public static CorpusReader open(Path file) {
        Utf8Lines lines = Utf8Lines.open(file);
        CorpusReader r = new CorpusReader(lines, kindOf(file));
        boolean any;
        try {
            any = r.hasNext();
        } catch (RuntimeException e) {
            lines.close();
            throw e;
        }
        if (!any) {
            lines.close();
            throw new BadInputException(file, "no documents (empty corpus)");
        }
        return r;
    }

    /** JSONL for {@code .jsonl} and {@code .ndjson} names (any case), plain text otherwise. */
    public static Kind kindOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? Kind.JSONL : Kind.TEXT;
    }

    public Kind kind() {
        return kind;
    }

    /** Reads ahead one document at most, so a bad line surfaces when its document is asked for. */
    @Override
    public boolean hasNext() {
        if (next == null && !exhausted) {
            next = read();
            exhausted = next == null;
        }
        return next != null;
    }

    @Override
    public CorpusDocument next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CorpusDocument d = next;
        next = null;
        return d;
    }

    /** The remaining documents as a sequential stream; closing the stream closes this reader. */
    public Stream<CorpusDocument> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    @Override
    public void close() {
        lines.close();
    }

    private CorpusDocument read() {
        return kind == Kind.JSONL ? readJsonl() : readText();
    }

    private CorpusDocument readJsonl() {
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = PreparedCorpus.JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw bad(lines.lineNumber(), "invalid JSON: " + e.getOriginalMessage());
            }
            if (n == null || !n.isObject()) {
                throw bad(lines.lineNumber(), "not a JSON object");
            }
            JsonNode text = n.get("text");
            if (text == null) {
                throw bad(lines.lineNumber(), "no \"text\" field");
            }
            if (!text.isTextual()) {
                throw bad(lines.lineNumber(), "\"text\" is not a string");
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

    private BadInputException bad(long line, String problem) {
        return new BadInputException(lines.file(), "line " + line + ": " + problem);
    }
}
