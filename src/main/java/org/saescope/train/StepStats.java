package org.saescope.train;

/**
 * What one optimiser step measured on its batch, before the update.
 *
 * @param tokens            rows in the batch
 * @param loss              total loss (MSE + the architecture's penalty)
 * @param mseLoss           mean over tokens of Σ_d (x − x̂)² (SAELens' training mse_loss)
 * @param penalty           L1 (ReLU), L0 (JumpReLU) or α·AuxK (TopK) term, as added to the loss
 * @param l0                mean active latents per token
 * @param explainedVariance 1 − Σ‖x − x̂‖² / Σ‖x − mean(x)‖² over the batch
 * @param firingCounts      per latent, on how many of the batch's tokens it was active
 */
public record StepStats(int tokens, double loss, double mseLoss, double penalty, double l0,
                        double explainedVariance, int[] firingCounts) {
}
