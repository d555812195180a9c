package org.saescope.lm.corpus;

import java.nio.file.Path;
import java.util.Arrays;
import org.saescope.lm.TextTokenizer;

/**
 * A corpus read through a model's tokenizer as fixed-length windows, the unit that SAE training
 * and evaluation run the model on: documents (any {@link CorpusReader} format, prepared Brown
 * splits included) are tokenised in file order and joined into one stream with the end-of-text
 * token between them (as GPT-2 saw its training text), and the stream is cut into consecutive,
 * non-overlapping windows of {@code context} tokens; a last partial window is dropped. No BOS is
 * prepended (SAELens {@code prepend_bos = false}): the demo model was trained on such windows.
 *
 * <p>Streams one document at a time; {@link #rewind} starts over for another pass. Use from one
 * thread; close it to release the file.
 */
public final class CorpusWindows implements AutoCloseable {
    private final Path file;
    private final TextTokenizer tokenizer;
    private final int context;
    private final int separator;
    private CorpusReader reader;
    private int[] pending = new int[0];
    private int pendingStart;
    private boolean firstDocument = true;

    /**
     * Opens {@code file} (a missing file or one without documents is bad input, raised here).
     * {@code separator} is the end-of-text id put between documents, or −1 for none.
     */
    public CorpusWindows(Path file, TextTokenizer tokenizer, int context, int separator) {
        if (context < 2) {
            throw new IllegalArgumentException("a window needs at least two tokens");
        }
        this.file = file;
        this.tokenizer = tokenizer;
        this.context = context;
        this.separator = separator;
        this.reader = CorpusReader.open(file);
    }

    public Path file() {
        return file;
    }

    public int context() {
        return context;
    }

    /** The next window of {@code context} token ids, or null at the end of the corpus. */
    public int[] next() {
        while (pending.length - pendingStart < context) {
            if (!reader.hasNext()) {
                return null;
            }
            int[] doc = tokenizer.encode(reader.next().text());
            int keep = pending.length - pendingStart;
            int sep = !firstDocument && separator >= 0 ? 1 : 0;
            int[] grown = Arrays.copyOf(Arrays.copyOfRange(pending, pendingStart, pending.length), keep + sep + doc.length);
            if (sep == 1) {
                grown[keep] = separator;
            }
            System.arraycopy(doc, 0, grown, keep + sep, doc.length);
            pending = grown;
            pendingStart = 0;
            firstDocument = false;
        }
        int[] w = Arrays.copyOfRange(pending, pendingStart, pendingStart + context);
        pendingStart += context;
        return w;
    }

    /** Starts again from the first document. */
    public void rewind() {
        reader.close();
        reader = CorpusReader.open(file);
        pending = new int[0];
        pendingStart = 0;
        firstDocument = true;
    }

    @Override
    public void close() {
        reader.close();
    }
}
