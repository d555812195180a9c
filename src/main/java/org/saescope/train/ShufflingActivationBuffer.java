package org.saescope.train;

import java.util.SplittableRandom;
import org.saescope.tensor.BadInputException;

/**
 * Decorrelates training batches: consecutive tokens of a text are alike, so batches are drawn at
 * random from a store of up to {@code capacityRows} rows that is refilled from the source after
 * every batch (as SAELens' mixing buffer does, with continuous rather than half-at-a-time
 * refills). Memory is bounded by the store plus the one source chunk being consumed.
 *
 * <p>Every chunk is checked: a length that is not a multiple of d_in, or a NaN/infinite value, is a
 * {@link BadInputException} naming the source. A source that yields nothing at all is one too.
 * Deterministic for a given source and random generator.
 */
public final class ShufflingActivationBuffer {
    private final ActivationSource source;
    private final int dIn;
    private final int capacityRows;
    private final int batchRows;
    private final SplittableRandom rng;
    private final float[] store;
    private int stored;
    private float[] pending;
    private int pendingRow;
    private boolean exhausted;
    private long rowsRead;
    private long rowsThisPass;
    private int passes = 1;

    public ShufflingActivationBuffer(ActivationSource source, int dIn, int capacityRows, int batchRows,
                                     SplittableRandom rng) {
        if (batchRows <= 0 || capacityRows < batchRows) {
            throw new IllegalArgumentException("need 0 < batchRows <= capacityRows");
        }
        if (source.dIn() != dIn) {
            throw new BadInputException(null, source.describe() + ": activations have d_in "
                    + source.dIn() + " but the SAE expects d_in " + dIn);
        }
        this.source = source;
        this.dIn = dIn;
        this.capacityRows = capacityRows;
        this.batchRows = batchRows;
        this.rng = rng;
        this.store = new float[Math.multiplyExact(capacityRows, dIn)];
    }

    /** Rows pulled from the source so far (over all passes). */
    public long rowsRead() {
        return rowsRead;
    }

    /** Passes over the source begun so far (1 until the first rewind). */
    public int passes() {
        return passes;
    }

    /**
     * A copy of up to maxRows rows of the (filled) store, without consuming them: the first
     * sample, used to initialise the decoder bias.
     */
    public float[] peek(int maxRows) {
        fill();
        int rows = Math.min(maxRows, stored);
        float[] out = new float[rows * dIn];
        System.arraycopy(store, 0, out, 0, out.length);
        return out;
    }

    /**
     * The next batch of {@code batchRows} rows drawn at random from the store, fewer only for the
     * last batch of an exhausted source, or null when nothing is left.
     */
    public float[] nextBatch() {
        fill();
        int rows = Math.min(batchRows, stored);
        if (rows == 0) {
            return null;
        }
        float[] out = new float[rows * dIn];
        for (int r = 0; r < rows; r++) {
            int pick = rng.nextInt(stored);
            System.arraycopy(store, pick * dIn, out, r * dIn, dIn);
            stored--;
            if (pick != stored) {
                // keep the store dense: the last row moves into the hole
                System.arraycopy(store, stored * dIn, store, pick * dIn, dIn);
            }
        }
        return out;
    }

    private void fill() {
        while (stored < capacityRows && !exhausted) {
            if (pending == null || pendingRow * dIn >= pending.length) {
                pending = pullChunk();
                pendingRow = 0;
                if (pending == null) {
                    exhausted = true;
                    return;
                }
            }
            int available = pending.length / dIn - pendingRow;
            int take = Math.min(available, capacityRows - stored);
            System.arraycopy(pending, pendingRow * dIn, store, stored * dIn, take * dIn);
            pendingRow += take;
            stored += take;
        }
    }

    /** The next non-empty, validated chunk; rewinds a finished source that can; null at the end. */
    private float[] pullChunk() {
        while (true) {
            float[] chunk = source.next();
            if (chunk == null) {
                if (rowsRead == 0) {
                    throw new BadInputException(null, source.describe() + ": the activation source is empty");
                }
                if (rowsThisPass == 0 || !source.rewind()) {
                    return null;
                }
                passes++;
                rowsThisPass = 0;
                continue;
            }
            validate(chunk);
            if (chunk.length == 0) {
                continue;
            }
            int rows = chunk.length / dIn;
            rowsRead += rows;
            rowsThisPass += rows;
            return chunk;
        }
    }

    private void validate(float[] chunk) {
        if (chunk.length % dIn != 0) {
            throw new BadInputException(null, source.describe() + ": a chunk of " + chunk.length
                    + " values is not a whole number of rows of d_in " + dIn);
        }
        for (int i = 0; i < chunk.length; i++) {
            if (!Float.isFinite(chunk[i])) {
                throw new BadInputException(null, source.describe() + ": activation " + chunk[i]
                        + " at row " + (rowsRead + i / dIn) + ", column " + (i % dIn) + " is not finite");
            }
        }
    }
}
