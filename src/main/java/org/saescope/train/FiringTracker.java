package org.saescope.train;

/**
 * Per-latent firing bookkeeping during training.
 *
 * <p>Dead latents (for AuxK and the progress report): a latent is dead once it has not fired on
 * any of the last {@code window} tokens — its count of tokens since it last fired has reached the
 * window. At the start of training nothing is dead (every count starts at 0), as in SAELens.
 *
 * <p>Firing frequency (for sparsity.safetensors): counted over windows of {@code window} tokens;
 * the reported frequency covers the current window plus the one before it, so it always rests on
 * at least one full window once one has passed, and never on stale early-training counts.
 */
final class FiringTracker {
    private final int dSae;
    private final long window;
    private final long[] tokensSinceFired;
    private long[] current;
    private long currentTokens;
    private long[] previous;
    private long previousTokens;

    FiringTracker(int dSae, long window) {
        this.dSae = dSae;
        this.window = window;
        this.tokensSinceFired = new long[dSae];
        this.current = new long[dSae];
        this.previous = new long[dSae];
    }

    /** Records a batch of {@code tokens} tokens in which latent j fired on firingCounts[j] of them. */
    void record(int[] firingCounts, int tokens) {
        if (currentTokens >= window) {
            long[] t = previous;
            previous = current;
            previousTokens = currentTokens;
            current = t;
            java.util.Arrays.fill(current, 0);
            currentTokens = 0;
        }
        for (int j = 0; j < dSae; j++) {
            if (firingCounts[j] > 0) {
                tokensSinceFired[j] = 0;
            } else {
                tokensSinceFired[j] += tokens;
            }
            current[j] += firingCounts[j];
        }
        currentTokens += tokens;
    }

    boolean[] deadMask() {
        boolean[] dead = new boolean[dSae];
        for (int j = 0; j < dSae; j++) {
            dead[j] = tokensSinceFired[j] >= window;
        }
        return dead;
    }

    int deadCount() {
        int n = 0;
        for (long s : tokensSinceFired) {
            if (s >= window) {
                n++;
            }
        }
        return n;
    }

    /** Per latent, log10(frequency + 1e-10) over the current and previous window (SAELens' sparsity). */
    float[] log10Sparsity() {
        long tokens = currentTokens + previousTokens;
        float[] out = new float[dSae];
        for (int j = 0; j < dSae; j++) {
            double freq = tokens == 0 ? 0 : (double) (current[j] + previous[j]) / tokens;
            out[j] = (float) Math.log10(freq + 1e-10);
        }
        return out;
    }
}
