package org.saescope.train;

/**
 * A progress report, made every {@code logEvery} steps and after the last one. Loss terms, L0 and
 * explained variance are those of the step's batch (see {@link StepStats}); deadLatents counts
 * latents that have not fired for the configured dead-latent window.
 */
public record TrainProgress(long step, long tokens, long totalTokens, double loss, double mseLoss,
                            double penalty, double l0, double explainedVariance, int deadLatents) {

    /** Fraction of the run done, in [0, 1]. */
    public double fraction() {
        return Math.min(1.0, (double) tokens / totalTokens);
    }
}
