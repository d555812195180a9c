package org.saescope.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.saescope.lm.TextTokenizer;
import org.saescope.lm.corpus.CorpusDocument;
import org.saescope.lm.corpus.CorpusReader;
import org.saescope.lm.corpus.PreparedCorpus;
import org.saescope.lm.corpus.PreparedDocument;
import org.saescope.tensor.BadInputException;

/**
 * The corpus of an index build cut into context windows: each document's tokens in consecutive,
 * non-overlapping windows of {@code context} tokens (the last one shorter), so every token is seen
 * once with up to {@code context − 1} tokens of left context from its own document.
 *
 * <p>Three kinds of corpus: the prepared Brown format ({@code .jsonl} whose lines carry
 * {@code tokens}, {@code token_word} and {@code word_tags}; its stored token ids and per-token
 * coarse POS tags and genre are used), other JSONL with a {@code text} field, and plain text
 * (documents separated by blank lines); the last two are tokenised with the model's tokenizer and
 * carry no annotations. Documents without tokens are skipped and counted. The cut is deterministic,
 * which is what lets a build resume at (document, window).
 */
final class CorpusWindows implements AutoCloseable {
    /** One window: its document (0-based among all documents), its part in that document, and its tokens. */
    record Window(int doc, int part, int[] tokens, String[] posTags, String genre) {
    }

    private final Path file;
    private final int context;
    private final TextTokenizer tokenizer;
    private final PreparedCorpus prepared;
    private final CorpusReader text;
    private int docIndex = -1;
    private int emptyDocuments;

    private CorpusWindows(Path file, int context, TextTokenizer tokenizer, PreparedCorpus prepared, CorpusReader text) {
        this.file = file;
        this.context = context;
        this.tokenizer = tokenizer;
        this.prepared = prepared;
        this.text = text;
    }

    /** Opens {@code file}; bad input (missing, not UTF-8, no documents) is reported with the file. */
    static CorpusWindows open(Path file, TextTokenizer tokenizer, int context) {
        if (context < 1) {
            throw new IllegalArgumentException("context must be positive");
        }
        if (isPrepared(file)) {
            return new CorpusWindows(file, context, tokenizer, PreparedCorpus.open(file), null);
        }
        if (tokenizer == null) {
            throw new BadInputException(file, "is a text corpus, but the model has no tokenizer to tokenise it");
        }
        return new CorpusWindows(file, context, tokenizer, null, CorpusReader.open(file));
    }

    /**
     * How many documents {@code file} holds, as {@link #nextDocument} will yield them; for the
     * prepared format this is a count of lines, which stage 1 then parses and checks.
     */
    static long countDocuments(Path file, TextTokenizer tokenizer, int context) {
        if (isPrepared(file)) {
            return PreparedCorpus.countDocuments(file);
        }
        try (CorpusWindows count = open(file, tokenizer, context)) {
            long n = 0;
            while (count.nextDocument(true) != null) {
                n++;
            }
            return n;
        }
    }

    /** Whether the corpus carries POS tags and genres (the prepared Brown format). */
    boolean annotated() {
        return prepared != null;
    }

    Path file() {
        return file;
    }

    /** Documents skipped so far because they have no tokens. */
    int emptyDocuments() {
        return emptyDocuments;
    }

    /**
     * The windows of the next document (empty for a document without tokens, which is counted), or
     * null at the end. Every document, empty or not, advances the document index, so a resumed build
     * finds the same documents at the same positions. With {@code skip} true the document is only
     * counted (a resumed build passing over what it has done): nothing is tokenised.
     */
    List<Window> nextDocument(boolean skip) {
        int[] tokens;
        String[] tags = null;
        String genre = null;
        if (prepared != null) {
            if (!prepared.hasNext()) {
                return null;
            }
            PreparedDocument d = prepared.next();
            docIndex++;
            if (skip) {
                return List.of();
            }
            tokens = d.tokens();
            tags = d.coarseTags();
            genre = d.genre();
        } else {
            if (!text.hasNext()) {
                return null;
            }
            CorpusDocument d = text.next();
            docIndex++;
            if (skip) {
                return List.of();
            }
            tokens = d.text().isEmpty() ? new int[0] : tokenizer.encode(d.text());
        }
        if (tokens.length == 0) {
            emptyDocuments++;
            return List.of();
        }
        List<Window> out = new ArrayList<>((tokens.length + context - 1) / context);
        for (int s = 0, part = 0; s < tokens.length; s += context, part++) {
            int e = Math.min(tokens.length, s + context);
            out.add(new Window(docIndex, part, Arrays.copyOfRange(tokens, s, e),
                    tags == null ? null : Arrays.copyOfRange(tags, s, e), genre));
        }
        return out;
    }

    @Override
    public void close() {
        if (prepared != null) {
            prepared.close();
        }
        if (text != null) {
            text.close();
        }
    }

    /**
     * A {@code .jsonl} file whose first non-blank line is an object with the prepared format's
     * fields. Anything unreadable here is left for the real readers to report properly.
     */
    static boolean isPrepared(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".jsonl") || !Files.isRegularFile(file)) {
            return false;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            while ((line = r.readLine()) != null && line.isBlank()) {
                // skip
            }
            if (line == null) {
                return false;
            }
            JsonNode n = new ObjectMapper().readTree(line);
            return n != null && n.isObject() && n.has("tokens") && n.has("token_word") && n.has("word_tags");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
