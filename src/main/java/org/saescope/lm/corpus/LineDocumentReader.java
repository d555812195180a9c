package org.saescope.lm.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.saescope.tensor.BadInputException;

/**
 * What the corpus-file readers ({@link CorpusReader}, {@link PreparedCorpus}) share: documents made
 * from UTF-8 lines one at a time, with one document of read-ahead so that a bad line surfaces when
 * its document is asked for; the refusal of a file without documents; streaming; and the check of
 * a JSONL line. Subclasses say only how lines become a document.
 *
 * @param <D> the document type
 */
abstract class LineDocumentReader<D> implements Iterator<D>, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Utf8Lines lines;
    private D next;
    private boolean exhausted;

    LineDocumentReader(Utf8Lines lines) {
        this.lines = lines;
    }

    /** The next document from {@link #lines}, or null at the end of the file. */
    abstract D read();

    /** Hands back {@code reader} if its file has a document; otherwise (or if the first is bad) closes it and throws. */
    static <R extends LineDocumentReader<?>> R requireDocuments(R reader) {
        boolean any;
        try {
            any = reader.hasNext();
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        if (!any) {
            reader.close();
            throw new BadInputException(reader.lines.file(), "no documents (empty corpus)");
        }
        return reader;
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
    public D next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        D d = next;
        next = null;
        return d;
    }

    /** The remaining documents as a sequential stream; closing the stream closes this reader. */
    public Stream<D> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    @Override
    public void close() {
        lines.close();
    }

    /** The current line parsed as JSON, which must be an object. */
    JsonNode jsonObject(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw bad("invalid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw bad("not a JSON object");
        }
        return n;
    }

    /** A problem with the current line, naming the file and the line number. */
    BadInputException bad(String problem) {
        return new BadInputException(lines.file(), "line " + lines.lineNumber() + ": " + problem);
    }
}
