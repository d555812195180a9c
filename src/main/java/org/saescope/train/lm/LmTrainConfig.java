package org.saescope.train.lm;

import org.saescope.lm.Gpt2BatchForward;

/**
 * Everything that decides a language-model training run; the same config and corpus give the same
 * model. The context length is the model's {@code n_positions}.
 *
 * @param dims            the model's shape
 * @param seed            seeds the initial weights and the order of the training windows
 * @param batchSize       windows per optimiser step (each {@code n_positions} predicted tokens)
 * @param totalSteps      optimiser steps in the whole run
 * @param warmupSteps     steps of linear warm-up from 0 to {@code lr}
 * @param lr              peak learning rate; cosine decay from it to {@code lr · minLrRatio} at the last step
 * @param minLrRatio      the floor of the cosine, as a fraction of {@code lr}
 * @param weightDecay     AdamW decoupled decay, applied to matrices (embeddings and projections), not to biases or norms
 * @param gradClip        global gradient-norm clip (0: none)
 * @param checkpointEvery steps between checkpoints (0: only at the end)
 * @param logEvery        steps between progress reports
 * @param minTokenCount   tokens seen fewer times in the training stream share one embedding row
 *                        ({@link TrainingVocabulary}); 0 gives every token its own
 */
public record LmTrainConfig(Gpt2BatchForward.Dims dims, long seed, int batchSize, int totalSteps, int warmupSteps,
                            double lr, double minLrRatio, double weightDecay, double gradClip,
                            int checkpointEvery, int logEvery, int minTokenCount) {
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.95;
    public static final double ADAM_EPS = 1e-8;
    /** GPT-2's initialisation: N(0, 0.02²), residual output projections scaled by 1/√(2·n_layer). */
    public static final double INIT_STD = 0.02;

    public LmTrainConfig {
        if (batchSize <= 0 || totalSteps <= 0 || warmupSteps < 0 || lr <= 0 || logEvery <= 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("batch size, steps, learning rate and log interval must be positive");
        }
        if (minTokenCount < 0) {
            throw new IllegalArgumentException("min token count must not be negative");
        }
        if (minLrRatio < 0 || minLrRatio > 1 || weightDecay < 0 || gradClip < 0) {
            throw new IllegalArgumentException("min lr ratio must be in [0, 1]; weight decay and clip non-negative");
        }
    }

    public int contextLength() {
        return dims.nPositions();
    }

    /** Learning rate at step {@code step} (0-based): linear warm-up, then cosine decay to the floor. */
    public double lrAt(int step) {
        if (step < warmupSteps) {
            return lr * (step + 1) / warmupSteps;
        }
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (step - warmupSteps) / (double) decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return lr * (minLrRatio + (1 - minLrRatio) * cosine);
    }
}
