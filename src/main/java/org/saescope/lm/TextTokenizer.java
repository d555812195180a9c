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

    /** Ids with character spans and per-token text, for display. */
    public TokenizedText tokenize(String text) {
        Encoding enc = hf.encode(text, false, false);
        int[] ids = toInts(enc.getIds());
        CharSpan[] spans = enc.getCharTokenSpans();
        int[] start = new int[ids.length];
        int[] end = new int[ids.length];
        String[] pieces = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            CharSpan s = spans[i];
            start[i] = s == null ? -1 : s.getStart();
            end[i] = s == null ? -1 : s.getEnd();
            pieces[i] = decode(new int[] {ids[i]});
        }
        return new TokenizedText(text, ids, start, end, pieces);
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
