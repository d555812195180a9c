package org.saescope.train;

/**
 * TopK density balancing: raises b_enc of latents that fire too rarely, outside the optimiser.
 *
 * <p>Why: on a small corpus (the Brown demo: 1.2 M training tokens, a 128-wide stream, 2,048
 * latents) TopK latents drift into contexts so rare that they never fire on held-out text, even
 * though AuxK keeps every latent firing somewhere in training (AuxK only acts on latents that have
 * not fired at all for a window). Like the auxiliary-loss-free load balancing of mixture-of-experts
 * routers, each latent's firing density is tracked as an exponential moving average over about
 * {@code windowTokens} tokens; while it is below {@code minDensity}, every step adds
 * {@code step} to that latent's b_enc, so it wins the top-k on more tokens until its density
 * recovers. The saved SAE is an ordinary TopK SAE: the balancing only moved its b_enc during
 * training. Off when {@code minDensity} or {@code step} is 0.
 */
final class DensityBalancer {
    private final double minDensity;
    private final float step;
    private final double windowTokens;
    private final double[] density;

    DensityBalancer(int dSae, int k, double minDensity, double step, long windowTokens) {
        this.minDensity = minDensity;
        this.step = (float) step;
        this.windowTokens = Math.max(1, windowTokens);
        this.density = new double[dSae];
        // Start every latent at the mean density k / dSae, so nothing is nudged before it has had a
        // chance to fire: a latent that never fires falls below 1e-4 after about 4.4 windows.
        java.util.Arrays.fill(density, Math.min(1.0, (double) k / dSae));
    }

    static boolean enabled(SaeTrainConfig cfg) {
        return cfg.minDensity() > 0 && cfg.densityStep() > 0;
    }

    /**
     * Records a batch of {@code tokens} tokens in which latent j fired on {@code counts[j]}; returns
     * the b_enc change to apply now, or null when no latent is below the minimum.
     */
    float[] update(int[] counts, int tokens) {
        double beta = Math.min(1.0, tokens / windowTokens);
        float[] delta = null;
        for (int j = 0; j < density.length; j++) {
            density[j] += beta * ((double) counts[j] / tokens - density[j]);
            if (density[j] < minDensity) {
                if (delta == null) {
                    delta = new float[density.length];
                }
                delta[j] = step;
            }
        }
        return delta;
    }

    /** Latents currently below the minimum density. */
    int belowMinimum() {
        int n = 0;
        for (double d : density) {
            n += d < minDensity ? 1 : 0;
        }
        return n;
    }
}
