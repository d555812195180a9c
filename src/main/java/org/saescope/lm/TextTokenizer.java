package org.saescope.lm;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.saescope.tensor.BadInputException;

/**
 * A model's {@code tokenizer.json}, through DJL's binding of Hugging Face tokenizers (the native
 * library ships inside the DJL jar, so this works offline).
 *
 * <p>Built with no truncation (DJL would otherwise cut at 512 tokens), no padding, and no added
 * special tokens: a prompt is exactly the tokens of its text, as in TransformerLens with
 * {@code prepend_bos=False}. Callers that want a BOS token add it themselves.
 */
public final class TextTokenizer implements AutoCloseable {
    private final Path file;
    private final HuggingFaceTokenizer hf;

    private TextTokenizer(Path file, HuggingFaceTokenizer hf) {
        this.file = file;
        this.hf = hf;
    }

    /** Loads {@code tokenizer.json}; a missing or unreadable file is a {@link BadInputException}. */
    public static TextTokenizer load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "not found (the model folder needs its tokenizer.json)");
        }
        try {
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new TextTokenizer(file, hf);
        } catch (IOException | RuntimeException e) {
            // The Rust side reports malformed JSON / unknown models as RuntimeExceptions.
            throw new BadInputException(file, "is not a tokenizer Hugging Face tokenizers can load: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Token ids of {@code text}, no special tokens added. */
    public int[] encode(String text) {
        return toInts(hf.encode(text, false, false).getIds());
    }

    /** Ids with the character span of each token in {@code text}. */
    public TokenizedText tokenize(String text) {
        Encoding enc = hf.encode(text, false, false);
        int[] ids = toInts(enc.getIds());
        CharSpan[] spans = enc.getCharTokenSpans();
        int[] start = new int[ids.length];
        int[] end = new int[ids.length];
        // The Rust tokenizer counts offsets in code points, Java strings in UTF-16 units.
        int[] charOf = codePointToChar(text);
        for (int i = 0; i < ids.length; i++) {
            CharSpan s = spans[i];
            start[i] = s == null ? -1 : toChar(charOf, s.getStart(), text);
            end[i] = s == null ? -1 : toChar(charOf, s.getEnd(), text);
        }
        return new TokenizedText(text, ids, start, end);
    }

    /** Each token's own text, for showing tokens one by one (a piece of a multi-byte character decodes to U+FFFD). */
    public String[] pieces(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = decode(new int[] {ids[i]});
        }
        return out;
    }

    /** char index of each code point offset (length n + 1), or null when the text has no surrogate pairs. */
    private static int[] codePointToChar(String text) {
        int n = text.codePointCount(0, text.length());
        if (n == text.length()) {
            return null;
        }
        int[] idx = new int[n + 1];
        for (int cp = 0, c = 0; cp < n; cp++) {
            idx[cp] = c;
            c += Character.charCount(text.codePointAt(c));
        }
        idx[n] = text.length();
        return idx;
    }

    private static int toChar(int[] charOf, int codePoint, String text) {
        return charOf == null ? Math.min(codePoint, text.length()) : charOf[Math.min(codePoint, charOf.length - 1)];
    }

    /** The text of {@code ids}, special tokens included. */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return hf.decode(l, false);
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public void close() {
        hf.close();
    }
}
