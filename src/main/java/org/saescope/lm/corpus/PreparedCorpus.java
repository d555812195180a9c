package org.saescope.lm.corpus;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.saescope.tensor.BadInputException;

/**
 * Streams the documents of a prepared corpus file ({@code brown-<split>.jsonl}, described in
 * {@code docs/formats/brown-corpus.md}): one JSON object per line with {@code id}, {@code genre},
 * {@code text}, {@code tokens}, {@code token_word} and {@code word_tags}. Only one document is in
 * memory at a time. Every line is checked; a bad one is reported with the file and line number.
 *
 * <p>Use from one thread; close it (try-with-resources) to release the file.
 */
public final class PreparedCorpus implements Iterator<PreparedDocument>, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Utf8Lines lines;
    private PreparedDocument next;
    private boolean exhausted;

    private PreparedCorpus(Utf8Lines lines) {
        this.lines = lines;
    }

    /** Opens a prepared corpus file; refuses a file without any document. */
    public static PreparedCorpus open(Path jsonl) {
        Utf8Lines lines = Utf8Lines.open(jsonl);
        PreparedCorpus c = new PreparedCorpus(lines);
        boolean any;
        try {
            any = c.hasNext();
        } catch (RuntimeException e) {
            lines.close();
            throw e;
        }
        if (!any) {
            lines.close();
            throw new BadInputException(jsonl, "no documents (empty corpus)");
        }
        return c;
    }

    /** Reads a whole (small) prepared corpus file, such as the held-out split. */
    public static List<PreparedDocument> readAll(Path jsonl) {
        try (PreparedCorpus c = open(jsonl)) {
            List<PreparedDocument> docs = new ArrayList<>();
            c.forEachRemaining(docs::add);
            return docs;
        }
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
    public PreparedDocument next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        PreparedDocument d = next;
        next = null;
        return d;
    }

    /** The remaining documents as a sequential stream; closing the stream closes this reader. */
    public Stream<PreparedDocument> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    @Override
    public void close() {
        lines.close();
    }

    private PreparedDocument read() {
        String line;
        while ((line = lines.next()) != null) {
            if (!line.isBlank()) {
                return parse(line);
            }
        }
        return null;
    }

    private PreparedDocument parse(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw bad("invalid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw bad("not a JSON object");
        }
        String id = string(n, "id");
        String genre = string(n, "genre");
        String text = string(n, "text");
        int[] tokens = ints(n, "tokens");
        int[] tokenWords = ints(n, "token_word");
        JsonNode tagsNode = n.get("word_tags");
        if (tagsNode == null || !tagsNode.isArray()) {
            throw bad("\"word_tags\" is missing or not an array");
        }
        List<String> tags = new ArrayList<>(tagsNode.size());
        for (JsonNode t : tagsNode) {
            if (!t.isTextual()) {
                throw bad("\"word_tags\" holds a non-string");
            }
            tags.add(t.textValue());
        }
        try {
            return new PreparedDocument(id, genre, text, tokens, tokenWords, tags);
        } catch (IllegalArgumentException e) {
            throw bad("document " + id + ": " + e.getMessage());
        }
    }

    private String string(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw bad("\"" + field + "\" is missing or not a string");
        }
        return v.textValue();
    }

    private int[] ints(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw bad("\"" + field + "\" is missing or not an array");
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isInt()) {
                throw bad("\"" + field + "\"[" + i + "] is not a 32-bit integer");
            }
            out[i] = e.intValue();
        }
        return out;
    }

    private BadInputException bad(String problem) {
        return new BadInputException(lines.file(), "line " + lines.lineNumber() + ": " + problem);
    }

    /** Writes one document as one line of the format (compact JSON, then a newline). */
    static void writeLine(PreparedDocument d, Writer out) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("id", d.id());
            g.writeStringField("genre", d.genre());
            g.writeStringField("text", d.text());
            int[] tokens = d.tokens();
            g.writeFieldName("tokens");
            g.writeArray(tokens, 0, tokens.length);
            int[] words = d.tokenWords();
            g.writeFieldName("token_word");
            g.writeArray(words, 0, words.length);
            g.writeArrayFieldStart("word_tags");
            for (String t : d.wordTags()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }
}
