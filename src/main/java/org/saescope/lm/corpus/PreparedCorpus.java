package org.saescope.lm.corpus;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the documents of a prepared corpus file ({@code brown-<split>.jsonl}, described in
 * {@code docs/formats/brown-corpus.md}): one JSON object per line with {@code id}, {@code genre},
 * {@code text}, {@code tokens}, {@code token_word} and {@code word_tags}. Only one document is in
 * memory at a time. Every line is checked; a bad one is reported with the file and line number.
 *
 * <p>Use from one thread; close it (try-with-resources) to release the file.
 */
public final class PreparedCorpus extends LineDocumentReader<PreparedDocument> {
    private PreparedCorpus(Utf8Lines lines) {
        super(lines);
    }

    /** Opens a prepared corpus file; refuses a file without any document. */
    public static PreparedCorpus open(Path jsonl) {
        return requireDocuments(new PreparedCorpus(Utf8Lines.open(jsonl)));
    }

    /**
     * The number of documents in a prepared corpus file: its non-blank lines, which is what
     * {@link #open} yields one document each for (or refuses the file at the first bad one).
     * Nothing is parsed, so counting costs a read of the file, not a JSON parse of every token.
     */
    public static long countDocuments(Path jsonl) {
        long n = 0;
        try (Utf8Lines lines = Utf8Lines.open(jsonl)) {
            String line;
            while ((line = lines.next()) != null) {
                if (!line.isBlank()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Reads a whole (small) prepared corpus file, such as the held-out split. */
    public static List<PreparedDocument> readAll(Path jsonl) {
        try (PreparedCorpus c = open(jsonl)) {
            List<PreparedDocument> docs = new ArrayList<>();
            c.forEachRemaining(docs::add);
            return docs;
        }
    }

    @Override
    PreparedDocument read() {
        String line;
        while ((line = lines.next()) != null) {
            if (!line.isBlank()) {
                return parse(line);
            }
        }
        return null;
    }

    private PreparedDocument parse(String line) {
        JsonNode n = jsonObject(line);
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
