package org.saescope.lab;

/**
 * How to train an SAE on a toy model's hidden activations h = W x: {@code dSae} latents of the
 * given architecture, L1 coefficient λ (ReLU + L1) or k (TopK), Adam at {@code learningRate} with
 * {@code batchSize} fresh samples per step. A latent is dead when it has not fired for
 * {@code deadAfterSteps} steps; with {@code resampleDead} on, dead latents are resampled every
 * {@code deadAfterSteps} steps during the first three quarters of training. Progress (MMCS, dead
 * count, decoder) is reported every {@code reportEvery} steps.
 */
public record ToySaeSpec(ToySaeArch arch, int dSae, double l1Coefficient, int k, double learningRate,
                         int batchSize, int steps, long seed, boolean resampleDead, int deadAfterSteps,
                         int reportEvery) {

    public static final int MAX_LATENTS = 4096;

    public ToySaeSpec {
        require(arch != null, "architecture is required");
        require(dSae >= 1 && dSae <= MAX_LATENTS, "dSae must be in 1.." + MAX_LATENTS + ", got " + dSae);
        require(l1Coefficient >= 0 && Double.isFinite(l1Coefficient), "L1 coefficient must be >= 0");
        require(arch != ToySaeArch.TOPK || (k >= 1 && k <= dSae), "k must be in 1..dSae, got " + k);
        require(learningRate > 0 && learningRate < 10, "learning rate must be in (0, 10), got " + learningRate);
        require(batchSize >= 1 && batchSize <= 1 << 16, "batch size must be in 1..65536, got " + batchSize);
        require(steps >= 0, "steps must be >= 0");
        require(deadAfterSteps >= 1, "deadAfterSteps must be >= 1");
        require(reportEvery >= 1, "reportEvery must be >= 1");
    }

    /**
     * Defaults that recover the 5→2 pentagon (MMCS ≥ 0.95 on every seed tried): 2× overcomplete
     * ReLU + L1 with λ = 0.3 (smaller λ leaves atoms between two features), or TopK with k = 1.
     */
    public static ToySaeSpec defaults(int nFeatures) {
        return new ToySaeSpec(ToySaeArch.RELU_L1, 2 * nFeatures, 0.3, 1, 3e-3, 1024, 3000, 1, false, 200, 50);
    }

    public ToySaeSpec withArch(ToySaeArch a) {
        return new ToySaeSpec(a, dSae, l1Coefficient, k, learningRate, batchSize, steps, seed, resampleDead,
                deadAfterSteps, reportEvery);
    }

    public ToySaeSpec withSteps(int s) {
        return new ToySaeSpec(arch, dSae, l1Coefficient, k, learningRate, batchSize, s, seed, resampleDead,
                deadAfterSteps, reportEvery);
    }

    public ToySaeSpec withSeed(long s) {
        return new ToySaeSpec(arch, dSae, l1Coefficient, k, learningRate, batchSize, steps, s, resampleDead,
                deadAfterSteps, reportEvery);
    }

    public ToySaeSpec withDSae(int d) {
        return new ToySaeSpec(arch, d, l1Coefficient, Math.min(k, d), learningRate, batchSize, steps, seed,
                resampleDead, deadAfterSteps, reportEvery);
    }

    public ToySaeSpec withK(int newK) {
        return new ToySaeSpec(arch, dSae, l1Coefficient, newK, learningRate, batchSize, steps, seed, resampleDead,
                deadAfterSteps, reportEvery);
    }

    public ToySaeSpec withL1(double l1) {
        return new ToySaeSpec(arch, dSae, l1, k, learningRate, batchSize, steps, seed, resampleDead,
                deadAfterSteps, reportEvery);
    }

    public ToySaeSpec withResampling(boolean on, int deadAfter) {
        return new ToySaeSpec(arch, dSae, l1Coefficient, k, learningRate, batchSize, steps, seed, on, deadAfter,
                reportEvery);
    }

    public ToySaeSpec withReportEvery(int every) {
        return new ToySaeSpec(arch, dSae, l1Coefficient, k, learningRate, batchSize, steps, seed, resampleDead,
                deadAfterSteps, every);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
