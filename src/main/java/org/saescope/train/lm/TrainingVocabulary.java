package org.saescope.train.lm;

import java.util.Arrays;

/**
 * The tokens the demo model learns embeddings of its own for: those that occur at least
 * {@code minCount} times in the training stream. All other tokens share one learned embedding row
 * (the same vector as input and, tied, as output). Training runs in the compact id space of
 * {@link org.saescope.lm.Gpt2BatchForward}: kept token {@code kept[r]} is row r and id
 * {@code size()} is the shared row, so the compact embedding has {@code size() + 1} rows. With the
 * Brown training split and {@code minCount} 3 that is about 22.7k of GPT-2's 50,257 tokens,
 * covering 97% of the held-out tokens, and it makes the unembedding, the dominant cost of a
 * 4-layer, 128-wide model, about 2.2 times cheaper while the loss stays the full softmax's.
 */
public final class TrainingVocabulary {
    private final int[] kept;
    private final int[] compact;

    private TrainingVocabulary(int[] kept, int vocab) {
        this.kept = kept;
        this.compact = new int[vocab];
        Arrays.fill(compact, kept.length);
        for (int r = 0; r < kept.length; r++) {
            compact[kept[r]] = r;
        }
    }

    /** Tokens of {@code stream} with at least {@code minCount} occurrences (all tokens of the vocabulary when minCount is 0). */
    public static TrainingVocabulary of(int[] stream, int vocab, int minCount) {
        if (minCount <= 0) {
            int[] all = new int[vocab];
            for (int i = 0; i < vocab; i++) {
                all[i] = i;
            }
            return new TrainingVocabulary(all, vocab);
        }
        int[] counts = new int[vocab];
        for (int t : stream) {
            counts[t]++;
        }
        return new TrainingVocabulary(java.util.stream.IntStream.range(0, vocab).filter(t -> counts[t] >= minCount).toArray(), vocab);
    }

    /** Tokens with a row of their own. */
    public int size() {
        return kept.length;
    }

    public int vocabSize() {
        return compact.length;
    }

    /** Rows of the compact embedding: one per kept token, plus the shared row (unless every token is kept). */
    public int rows() {
        return kept.length == compact.length ? kept.length : kept.length + 1;
    }

    /** The compact id of a token: its row, or {@link #size()} (the shared row) for the others. */
    public int toCompact(int token) {
        return compact[token];
    }

    /** The full-vocabulary token of compact row r. */
    public int token(int row) {
        return kept[row];
    }

    /** The compact {@code [rows(), d]} embedding of a full {@code [vocab, d]} one (the shared row read from a shared token). */
    public float[] compactEmbedding(float[] full, int d) {
        float[] rows = new float[rows() * d];
        for (int r = 0; r < kept.length; r++) {
            System.arraycopy(full, kept[r] * d, rows, r * d, d);
        }
        if (rows() > kept.length) {
            for (int t = 0; t < compact.length; t++) {
                if (compact[t] == kept.length) {
                    System.arraycopy(full, t * d, rows, kept.length * d, d);
                    break;
                }
            }
        }
        return rows;
    }

    /** The full {@code [vocab, d]} embedding from the compact one: every shared token gets the shared row. */
    public float[] expandEmbedding(float[] compactRows, int d) {
        float[] full = new float[compact.length * d];
        for (int t = 0; t < compact.length; t++) {
            System.arraycopy(compactRows, compact[t] * d, full, t * d, d);
        }
        return full;
    }
}
