package org.saescope.train.lm;

import java.nio.file.Path;
import java.util.Random;
import org.saescope.lm.corpus.PreparedCorpus;
import org.saescope.lm.corpus.PreparedDocument;
import org.saescope.tensor.BadInputException;

/**
 * A prepared corpus as one token stream (documents in file order, an end-of-text token between
 * them, as GPT-2 was trained) cut into windows of {@code context + 1} tokens with stride
 * {@code context}: window w predicts tokens {@code w·context + 1 … w·context + context} from the
 * ones before, so every token but the first is predicted exactly once.
 *
 * <p>Training batches are drawn without a stored random state: step s belongs to epoch
 * {@code s / stepsPerEpoch}, whose window order is a Fisher–Yates shuffle seeded by (seed, epoch).
 * A run resumed at step s therefore sees exactly the batches an uninterrupted run would.
 */
public final class TokenWindows {
    private final int[] stream;
    private final int context;
    private final int windows;

    public TokenWindows(int[] stream, int context) {
        if (context <= 0) {
            throw new IllegalArgumentException("context must be positive");
        }
        this.stream = stream;
        this.context = context;
        this.windows = stream.length > context ? (stream.length - 1) / context : 0;
    }

    /**
     * The token stream of a prepared Brown corpus file ({@code docs/formats/brown-corpus.md}), with
     * {@code separator} between documents; every id must be below {@code vocab} (bad input otherwise).
     */
    public static int[] readStream(Path preparedJsonl, int separator, int vocab) {
        IntList out = new IntList();
        try (PreparedCorpus c = PreparedCorpus.open(preparedJsonl)) {
            boolean first = true;
            while (c.hasNext()) {
                PreparedDocument doc = c.next();
                if (!first) {
                    out.add(separator);
                }
                first = false;
                for (int t : doc.tokens()) {
                    if (t >= vocab) {
                        throw new BadInputException(preparedJsonl, "document " + doc.id() + " has token id " + t
                                + ", outside the model's vocabulary of " + vocab);
                    }
                    out.add(t);
                }
            }
        }
        if (out.size() < 2) {
            throw new BadInputException(preparedJsonl, "holds fewer than two tokens; nothing to train or evaluate on");
        }
        return out.toArray();
    }

    public int windowCount() {
        return windows;
    }

    public int context() {
        return context;
    }

    public int[] stream() {
        return stream;
    }

    /** Window {@code w}: inputs and targets, {@code context} each, as token ids. */
    public void window(int w, long[] inputs, long[] targets, int offset) {
        window(w, inputs, targets, offset, null);
    }

    /** Window {@code w} in the compact id space of {@code vocab} (token ids when null). */
    public void window(int w, long[] inputs, long[] targets, int offset, TrainingVocabulary vocab) {
        int start = w * context;
        for (int i = 0; i < context; i++) {
            int in = stream[start + i];
            int tg = stream[start + i + 1];
            inputs[offset + i] = vocab == null ? in : vocab.toCompact(in);
            targets[offset + i] = vocab == null ? tg : vocab.toCompact(tg);
        }
    }

    public int stepsPerEpoch(int batchSize) {
        return windows / batchSize;
    }

    /** The window indices of training step {@code step} (see the class comment). */
    public int[] batch(long seed, int step, int batchSize) {
        int perEpoch = stepsPerEpoch(batchSize);
        if (perEpoch == 0) {
            throw new IllegalStateException("the corpus has " + windows + " windows of " + context
                    + " tokens, fewer than one batch of " + batchSize);
        }
        int epoch = step / perEpoch;
        int[] order = epochOrder(seed, epoch);
        int[] ids = new int[batchSize];
        System.arraycopy(order, (step % perEpoch) * batchSize, ids, 0, batchSize);
        return ids;
    }

    private int[] epochOrder(long seed, int epoch) {
        int[] order = new int[windows];
        for (int i = 0; i < windows; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed * 1_000_003L + epoch);
        for (int i = windows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** A growable int array (the training stream has about a million tokens). */
    static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
