package org.saescope.train;

import org.saescope.sae.kernel.EncoderSpec;

/**
 * The outcome of a training run: the config, the final parameters, per-latent log10 firing
 * frequency (as SAELens' sparsity.safetensors) and how far the run got.
 *
 * @param cancelled true when the run was cancelled before {@code totalTokens}; the parameters are
 *                  those reached so far
 * @param last      the last progress report, or null when no step was taken
 * @param activationScale the factor s activations were multiplied by during training (1 unless
 *                  {@link SaeTrainConfig#normalizeActivations()}); already folded into the
 *                  parameters, which take raw activations. Losses in progress reports are in the
 *                  scaled space.
 */
public record TrainedSae(SaeTrainConfig config, SaeParameters parameters, float[] log10Sparsity,
                         long steps, long tokens, boolean cancelled, TrainProgress last,
                         float activationScale) {

    /** The encoder of the trained SAE, for an {@code org.saescope.sae.kernel.SaeKernel}. */
    public EncoderSpec encoderSpec() {
        return parameters.encoderSpec(config.arch(), config.k());
    }
}
