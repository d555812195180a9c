package org.saescope.lm.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import org.saescope.lm.TextTokenizer;
import org.saescope.lm.TokenizedText;

/**
 * The corpus code's one way to a tokenizer: the shared {@link TextTokenizer} (DJL over a
 * {@code tokenizer.json}, no special tokens, no truncation, no padding, spans in Java chars),
 * behind the small package-private API the corpus code was written against.
 *
 * <p>Not thread-safe in the sense of the model rule: one instance per thread.
 */
final class CorpusTokenizer implements AutoCloseable {
    private final TextTokenizer tokenizer;

    private CorpusTokenizer(TextTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Opens a tokenizer.json file (or a folder that holds one). */
    static CorpusTokenizer open(Path tokenizerJson) {
        Path file = Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve("tokenizer.json") : tokenizerJson;
        return new CorpusTokenizer(TextTokenizer.load(file));
    }

    /** Token ids and, per token, its character span [start, end) in {@code text} (Java chars). */
    record Tokens(int[] ids, int[] starts, int[] ends) {
        int size() {
            return ids.length;
        }
    }

    Tokens encode(String text) {
        TokenizedText t = tokenizer.tokenize(text);
        return new Tokens(t.ids(), t.start(), t.end());
    }

    /** Decodes ids to text, keeping special tokens such as {@code <|endoftext|>} in the output. */
    String decode(int[] ids) {
        return tokenizer.decode(ids);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
