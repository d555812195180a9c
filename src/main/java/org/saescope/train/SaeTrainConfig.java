package org.saescope.train;

import org.saescope.sae.kernel.Arch;
import org.saescope.tensor.BadInputException;

/**
 * Everything that defines one SAE training run; with the same activations, the same config (seed
 * included) gives the same SAE. Built with {@link #builder(Arch, int, int)}; defaults follow
 * SAELens v6 and Gao et al. (2024) where those define one, as noted on each setter.
 */
public final class SaeTrainConfig {
    /** How b_dec starts: from the data (SAELens' geometric median or mean of a first sample) or at 0. */
    public enum BDecInit { GEOMETRIC_MEDIAN, MEAN, ZERO }

    private final Arch arch;
    private final int dIn;
    private final int dSae;
    private final int k;
    private final double l1Coefficient;
    private final double l0Coefficient;
    private final double jumpReluBandwidth;
    private final double jumpReluInitThreshold;
    private final double lr;
    private final double adamBeta1;
    private final double adamBeta2;
    private final double adamEps;
    private final double maxGradNorm;
    private final int batchSize;
    private final long totalTokens;
    private final long seed;
    private final int kAux;
    private final double auxKCoefficient;
    private final long deadWindowTokens;
    private final double minDensity;
    private final double densityStep;
    private final int logEvery;
    private final int bufferBatches;
    private final BDecInit bDecInit;
    private final int initSampleTokens;
    private final boolean normalizeActivations;

    private SaeTrainConfig(Builder b) {
        arch = b.arch;
        dIn = b.dIn;
        dSae = b.dSae;
        k = b.k;
        l1Coefficient = b.l1Coefficient;
        l0Coefficient = b.l0Coefficient;
        jumpReluBandwidth = b.jumpReluBandwidth;
        jumpReluInitThreshold = b.jumpReluInitThreshold;
        lr = b.lr;
        adamBeta1 = b.adamBeta1;
        adamBeta2 = b.adamBeta2;
        adamEps = b.adamEps;
        maxGradNorm = b.maxGradNorm;
        batchSize = b.batchSize;
        totalTokens = b.totalTokens;
        seed = b.seed;
        kAux = b.kAux > 0 ? b.kAux : Math.max(1, b.dIn / 2);
        auxKCoefficient = b.auxKCoefficient;
        deadWindowTokens = b.deadWindowTokens;
        minDensity = b.minDensity;
        densityStep = b.densityStep;
        logEvery = b.logEvery;
        bufferBatches = b.bufferBatches;
        bDecInit = b.bDecInit;
        initSampleTokens = b.initSampleTokens;
        normalizeActivations = b.normalizeActivations;
    }

    public static Builder builder(Arch arch, int dIn, int dSae) {
        return new Builder(arch, dIn, dSae);
    }

    /** A builder holding this config's values, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder(arch, dIn, dSae);
        b.k = k;
        b.l1Coefficient = l1Coefficient;
        b.l0Coefficient = l0Coefficient;
        b.jumpReluBandwidth = jumpReluBandwidth;
        b.jumpReluInitThreshold = jumpReluInitThreshold;
        b.lr = lr;
        b.adamBeta1 = adamBeta1;
        b.adamBeta2 = adamBeta2;
        b.adamEps = adamEps;
        b.maxGradNorm = maxGradNorm;
        b.batchSize = batchSize;
        b.totalTokens = totalTokens;
        b.seed = seed;
        b.kAux = kAux;
        b.auxKCoefficient = auxKCoefficient;
        b.deadWindowTokens = deadWindowTokens;
        b.minDensity = minDensity;
        b.densityStep = densityStep;
        b.logEvery = logEvery;
        b.bufferBatches = bufferBatches;
        b.bDecInit = bDecInit;
        b.initSampleTokens = initSampleTokens;
        b.normalizeActivations = normalizeActivations;
        return b;
    }

    public Arch arch() {
        return arch;
    }

    public int dIn() {
        return dIn;
    }

    public int dSae() {
        return dSae;
    }

    public int k() {
        return k;
    }

    public double l1Coefficient() {
        return l1Coefficient;
    }

    public double l0Coefficient() {
        return l0Coefficient;
    }

    public double jumpReluBandwidth() {
        return jumpReluBandwidth;
    }

    public double jumpReluInitThreshold() {
        return jumpReluInitThreshold;
    }

    public double lr() {
        return lr;
    }

    public double adamBeta1() {
        return adamBeta1;
    }

    public double adamBeta2() {
        return adamBeta2;
    }

    public double adamEps() {
        return adamEps;
    }

    public double maxGradNorm() {
        return maxGradNorm;
    }

    public int batchSize() {
        return batchSize;
    }

    public long totalTokens() {
        return totalTokens;
    }

    public long seed() {
        return seed;
    }

    public int kAux() {
        return kAux;
    }

    public double auxKCoefficient() {
        return auxKCoefficient;
    }

    public long deadWindowTokens() {
        return deadWindowTokens;
    }

    /** TopK density balancing: the firing density below which b_enc is raised (0: off; see DensityBalancer). */
    public double minDensity() {
        return minDensity;
    }

    /** TopK density balancing: b_enc increase per step while below {@link #minDensity} (0: off). */
    public double densityStep() {
        return densityStep;
    }

    public int logEvery() {
        return logEvery;
    }

    public int bufferBatches() {
        return bufferBatches;
    }

    public BDecInit bDecInit() {
        return bDecInit;
    }

    public int initSampleTokens() {
        return initSampleTokens;
    }

    public boolean normalizeActivations() {
        return normalizeActivations;
    }

    /** Builder with the defaults documented on each setter. */
    public static final class Builder {
        private final Arch arch;
        private final int dIn;
        private final int dSae;
        private int k = 32;
        private double l1Coefficient = 1.0;
        private double l0Coefficient = 1.0;
        private double jumpReluBandwidth = 0.05;
        private double jumpReluInitThreshold = 0.01;
        private double lr = 3e-4;
        private double adamBeta1 = 0.9;
        private double adamBeta2 = 0.999;
        private double adamEps = 1e-8;
        private double maxGradNorm = 1.0;
        private int batchSize = 4096;
        private long totalTokens = 10_000_000L;
        private long seed = 42;
        private int kAux;
        private double auxKCoefficient = 1.0 / 32;
        private long deadWindowTokens = 10_000_000L;
        private double minDensity;
        private double densityStep;
        private int logEvery = 100;
        private int bufferBatches = 8;
        private BDecInit bDecInit = BDecInit.GEOMETRIC_MEDIAN;
        private int initSampleTokens = 4096;
        private boolean normalizeActivations;

        private Builder(Arch arch, int dIn, int dSae) {
            this.arch = arch;
            this.dIn = dIn;
            this.dSae = dSae;
        }

        /** TopK: active latents per token (default 32). */
        public Builder k(int v) {
            k = v;
            return this;
        }

        /** ReLU: λ of the L1 penalty λ Σ_i |f_i| ‖W_dec[i]‖ (default 1, SAELens' l1_coefficient). */
        public Builder l1Coefficient(double v) {
            l1Coefficient = v;
            return this;
        }

        /** JumpReLU: coefficient of the L0 penalty (default 1, SAELens' l0_coefficient). */
        public Builder l0Coefficient(double v) {
            l0Coefficient = v;
            return this;
        }

        /** JumpReLU: width of the rectangle kernel of the threshold's pseudo-derivative (default 0.05). */
        public Builder jumpReluBandwidth(double v) {
            jumpReluBandwidth = v;
            return this;
        }

        /** JumpReLU: starting threshold, log_threshold = ln of it (default 0.01). */
        public Builder jumpReluInitThreshold(double v) {
            jumpReluInitThreshold = v;
            return this;
        }

        /** Adam learning rate (default 3e-4, SAELens' default). */
        public Builder lr(double v) {
            lr = v;
            return this;
        }

        /** Adam β1, β2 (defaults 0.9, 0.999). */
        public Builder adamBetas(double beta1, double beta2) {
            adamBeta1 = beta1;
            adamBeta2 = beta2;
            return this;
        }

        /** Global gradient-norm clip before each step (default 1.0 as SAELens' trainer; 0 turns it off). */
        public Builder maxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        /** Tokens per optimiser step (default 4096). */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Training length in tokens (default 10M). */
        public Builder totalTokens(long v) {
            totalTokens = v;
            return this;
        }

        /** Seed of the initial weights and of the batch shuffling (default 42). */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** TopK AuxK: dead latents used per token (default d_in / 2, Gao et al. appendix B.1). */
        public Builder kAux(int v) {
            kAux = v;
            return this;
        }

        /** TopK AuxK: α (default 1/32 as Gao et al.; 0 turns AuxK off). */
        public Builder auxKCoefficient(double v) {
            auxKCoefficient = v;
            return this;
        }

        /** A latent that has not fired for this many tokens counts as dead (default 10M, Gao et al.). */
        public Builder deadWindowTokens(long v) {
            deadWindowTokens = v;
            return this;
        }

        /**
         * TopK density balancing (default off): while a latent's firing density, averaged over about
         * {@code windowTokens}, is below {@code minDensity}, each step raises its b_enc by {@code step}.
         */
        public Builder densityBalancing(double minDensity, double step) {
            this.minDensity = minDensity;
            this.densityStep = step;
            return this;
        }

        /** Progress is reported every this many steps, and after the last (default 100). */
        public Builder logEvery(int v) {
            logEvery = v;
            return this;
        }

        /** Shuffling buffer size, in batches (default 8). */
        public Builder bufferBatches(int v) {
            bufferBatches = v;
            return this;
        }

        /** How b_dec is initialised (default the geometric median of the first sample). */
        public Builder bDecInit(BDecInit v) {
            bDecInit = v;
            return this;
        }

        /**
         * Tokens in the first sample, used for the b_dec initialisation and the activation scale:
         * the source's first min(this, buffer size) tokens (default 4096).
         */
        public Builder initSampleTokens(int v) {
            initSampleTokens = v;
            return this;
        }

        /**
         * Train on activations scaled by one constant s = √d_in / mean ‖x‖ (measured on the first
         * sample), then fold s into the saved weights — SAELens' expected_average_only_in followed
         * by its fold_activation_norm_scaling_factor — so the saved SAE takes raw activations
         * (normalize_activations "none") while coefficients, thresholds and learning rates mean the
         * same whatever the model's activation scale. The saved decoder rows then have norm 1/s.
         * Default off.
         */
        public Builder normalizeActivations(boolean v) {
            normalizeActivations = v;
            return this;
        }

        /** The config, checked; a bad value is a {@link BadInputException} naming it. */
        public SaeTrainConfig build() {
            require(arch == Arch.TOPK || arch == Arch.RELU || arch == Arch.JUMPRELU,
                    "architecture must be topk, relu (standard) or jumprelu, got " + arch);
            require(dIn > 0 && dSae > 0, "d_in and d_sae must be positive, got " + dIn + " and " + dSae);
            if (arch == Arch.TOPK) {
                require(k > 0 && k <= dSae, "k must be in [1, d_sae = " + dSae + "], got " + k);
                require(kAux >= 0, "k_aux must not be negative, got " + kAux);
                require(auxKCoefficient >= 0 && Double.isFinite(auxKCoefficient),
                        "AuxK coefficient must be finite and >= 0, got " + auxKCoefficient);
            }
            require(l1Coefficient >= 0 && Double.isFinite(l1Coefficient), "l1 coefficient must be finite and >= 0");
            require(l0Coefficient >= 0 && Double.isFinite(l0Coefficient), "l0 coefficient must be finite and >= 0");
            require(jumpReluBandwidth > 0 && Double.isFinite(jumpReluBandwidth), "JumpReLU bandwidth must be > 0");
            require(jumpReluInitThreshold > 0 && Double.isFinite(jumpReluInitThreshold),
                    "JumpReLU initial threshold must be > 0");
            require(lr > 0 && Double.isFinite(lr), "learning rate must be > 0, got " + lr);
            require(adamBeta1 >= 0 && adamBeta1 < 1 && adamBeta2 >= 0 && adamBeta2 < 1, "Adam betas must be in [0, 1)");
            require(maxGradNorm >= 0 && Double.isFinite(maxGradNorm), "max gradient norm must be finite and >= 0");
            require(batchSize > 0, "batch size must be positive, got " + batchSize);
            require(totalTokens > 0, "total tokens must be positive, got " + totalTokens);
            require(deadWindowTokens > 0, "dead-latent window must be positive, got " + deadWindowTokens);
            require(logEvery > 0, "log interval must be positive, got " + logEvery);
            require(minDensity >= 0 && minDensity < 1 && densityStep >= 0 && Double.isFinite(densityStep),
                    "density balancing needs 0 <= min density < 1 and a finite step >= 0, got " + minDensity
                            + " and " + densityStep);
            require(bufferBatches > 0, "buffer size must be at least one batch");
            require(initSampleTokens > 0, "initial sample must be at least one token");
            require((long) dIn * dSae <= Integer.MAX_VALUE, "d_in x d_sae is too large for one weight array");
            require((long) bufferBatches * batchSize * dIn <= Integer.MAX_VALUE,
                    "the shuffling buffer (buffer batches x batch size x d_in) is too large");
            return new SaeTrainConfig(this);
        }

        private static void require(boolean ok, String problem) {
            if (!ok) {
                throw new BadInputException(null, "training config: " + problem);
            }
        }
    }
}
