package org.saescope.train;

/**
 * Where training activations come from: a stream of [rows, dIn] float chunks, row-major, one row
 * per token. The language-model side (a hook on a model run over a corpus) implements this in a
 * few lines; tests and small experiments use {@link ArrayActivationSource}.
 *
 * <p>A source is used from one thread at a time.
 */
public interface ActivationSource extends AutoCloseable {
    /** Width of every row. */
    int dIn();

    /**
     * The next chunk of rows (its length a multiple of {@link #dIn()}), or null when the source is
     * exhausted. The caller owns the returned array.
     */
    float[] next();

    /**
     * Starts the stream again from the beginning, for another pass over a finite source. Returns
     * false when the source cannot (a live model run, say); training then ends when it runs dry.
     */
    default boolean rewind() {
        return false;
    }

    /** A short description for messages, e.g. the corpus file and hook name. */
    String describe();

    @Override
    default void close() {
    }
}
