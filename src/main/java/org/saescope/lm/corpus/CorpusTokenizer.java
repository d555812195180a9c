package org.saescope.lm.corpus;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.saescope.tensor.BadInputException;

/**
 * The corpus code's one way to a tokenizer: DJL's {@link HuggingFaceTokenizer} over a
 * {@code tokenizer.json}, configured to give exactly the model's ids. Kept small and package-private
 * so it can be swapped for the shared {@code lm} tokenizer wrapper without touching its callers.
 *
 * <p>Not thread-safe in the sense of the model rule: one instance per thread.
 */
final class CorpusTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private CorpusTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Opens a tokenizer.json file (or a folder that holds one). */
    static CorpusTokenizer open(Path tokenizerJson) {
        Path file = Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve("tokenizer.json") : tokenizerJson;
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "tokenizer file not found");
        }
        try {
            // DJL defaults would add special tokens, truncate at 512 and pad: none of that is
            // wanted for a corpus, where ids must be the plain encoding of the whole text.
            HuggingFaceTokenizer t = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new CorpusTokenizer(t);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file, "cannot load tokenizer: " + e.getMessage(), e);
        }
    }

    /** Token ids and, per token, its character span [start, end) in {@code text} (Java chars). */
    record Tokens(int[] ids, int[] starts, int[] ends) {
        int size() {
            return ids.length;
        }
    }

    Tokens encode(String text) {
        Encoding enc = tokenizer.encode(text, false, false);
        long[] ids = enc.getIds();
        CharSpan[] spans = enc.getCharTokenSpans();
        int[] out = new int[ids.length];
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        CodePointIndex index = new CodePointIndex(text);
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
            CharSpan s = spans[i];
            // The Rust tokenizer counts offsets in Unicode code points; Java strings in UTF-16 units.
            starts[i] = s == null ? -1 : index.toCharIndex(s.getStart());
            ends[i] = s == null ? -1 : index.toCharIndex(s.getEnd());
        }
        return new Tokens(out, starts, ends);
    }

    /** Decodes ids to text, keeping special tokens such as {@code <|endoftext|>} in the output. */
    String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, false);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Maps code-point offsets to UTF-16 indices; the identity for text without surrogate pairs. */
    private static final class CodePointIndex {
        private final String text;
        private final int[] charIndexOfCodePoint;

        CodePointIndex(String text) {
            this.text = text;
            int n = text.codePointCount(0, text.length());
            if (n == text.length()) {
                charIndexOfCodePoint = null;
            } else {
                charIndexOfCodePoint = new int[n + 1];
                int c = 0;
                for (int cp = 0; cp < n; cp++) {
                    charIndexOfCodePoint[cp] = c;
                    c += Character.charCount(text.codePointAt(c));
                }
                charIndexOfCodePoint[n] = text.length();
            }
        }

        int toCharIndex(int codePointOffset) {
            if (charIndexOfCodePoint == null) {
                return Math.min(codePointOffset, text.length());
            }
            return charIndexOfCodePoint[Math.min(codePointOffset, charIndexOfCodePoint.length - 1)];
        }
    }
}
