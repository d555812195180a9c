package org.saescope.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.saescope.sae.kernel.Arch;

/**
 * Trains one SAE on activations from an {@link ActivationSource}: validates the source against the
 * config, initialises the weights (decoder rows random unit vectors, W_enc = W_decᵀ, b_enc = 0,
 * b_dec from the first sample, JumpReLU thresholds at their initial value), then runs optimiser
 * steps over shuffled batches until {@code totalTokens} tokens have been used, the source runs dry
 * (and cannot rewind), or the run is cancelled. The same config and source give the same SAE.
 *
 * <p>Bad input (a source whose d_in differs from the config, an empty source, non-finite
 * activations) is a {@link org.saescope.tensor.BadInputException} raised before or during
 * training; nothing is written by the trainer — saving is {@link SaeLensWriter}'s job.
 *
 * <p>One training run at a time per JVM: DJL's PyTorch engine allows a single active gradient
 * collector, so a second concurrent {@code train} (or any other autograd user) fails with an
 * IllegalStateException from DJL. Run trainings one after another on one background thread.
 */
public final class SaeTrainer {
    private static final int GEOMETRIC_MEDIAN_ITERATIONS = 100;
    private static final double GEOMETRIC_MEDIAN_TOLERANCE = 1e-7;

    private final SaeTrainConfig cfg;

    public SaeTrainer(SaeTrainConfig cfg) {
        this.cfg = cfg;
    }

    public SaeTrainConfig config() {
        return cfg;
    }

    /** Trains to the end, reporting to {@code listener}. */
    public TrainedSae train(ActivationSource source, TrainListener listener) {
        return train(source, listener, () -> false);
    }

    /**
     * Trains, reporting to {@code listener}, checking {@code cancelled} before every step; a
     * cancelled run returns what it has, marked {@link TrainedSae#cancelled()}.
     */
    public TrainedSae train(ActivationSource source, TrainListener listener, BooleanSupplier cancelled) {
        return train(source, listener, cancelled, null);
    }

    /** As {@link #train(ActivationSource, TrainListener, BooleanSupplier)}, from given weights when not null. */
    TrainedSae train(ActivationSource source, TrainListener listener, BooleanSupplier cancelled,
                     SaeParameters start) {
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        SplittableRandom shuffleRng = rng.split();
        ShufflingActivationBuffer buffer = new ShufflingActivationBuffer(source, cfg.dIn(),
                cfg.bufferBatches() * cfg.batchSize(), cfg.batchSize(), shuffleRng);
        float[] sample = buffer.peek(cfg.initSampleTokens());
        float scale = cfg.normalizeActivations() ? normScalingFactor(sample) : 1f;
        if (scale != 1f) {
            multiply(sample, scale);
        }
        SaeParameters init = start != null ? start : initialWeights(rng, sample);

        FiringTracker firing = new FiringTracker(cfg.dSae(), cfg.deadWindowTokens());
        DensityBalancer balancer = cfg.arch() == Arch.TOPK && DensityBalancer.enabled(cfg)
                ? new DensityBalancer(cfg.dSae(), cfg.k(), cfg.minDensity(), cfg.densityStep(), cfg.deadWindowTokens())
                : null;
        long step = 0;
        long tokens = 0;
        TrainProgress last = null;
        StepStats lastStats = null;
        boolean wasCancelled = false;
        try (TrainableSae sae = new TrainableSae(cfg, init)) {
            while (tokens < cfg.totalTokens()) {
                if (cancelled.getAsBoolean()) {
                    wasCancelled = true;
                    break;
                }
                float[] batch = buffer.nextBatch();
                if (batch == null) {
                    break;
                }
                int n = batch.length / cfg.dIn();
                long remaining = cfg.totalTokens() - tokens;
                if (n > remaining) {
                    n = (int) remaining;
                    batch = Arrays.copyOf(batch, n * cfg.dIn());
                }
                if (scale != 1f) {
                    multiply(batch, scale);
                }
                StepStats st = sae.step(batch, n, cfg.arch() == Arch.TOPK ? firing.deadMask() : null);
                firing.record(st.firingCounts(), n);
                if (balancer != null) {
                    float[] delta = balancer.update(st.firingCounts(), n);
                    if (delta != null) {
                        sae.addToEncoderBias(delta);
                    }
                }
                step++;
                tokens += n;
                lastStats = st;
                if (step % cfg.logEvery() == 0) {
                    last = progress(step, tokens, st, firing);
                    listener.onProgress(last);
                }
            }
            if (lastStats != null && (last == null || last.step() != step)) {
                // the run ended (done, dry or cancelled) between two reports: report where it stopped
                last = progress(step, tokens, lastStats, firing);
                listener.onProgress(last);
            }
            SaeParameters trained = scale == 1f ? sae.weights() : foldScale(sae.weights(), scale);
            return new TrainedSae(cfg, trained, firing.log10Sparsity(), step, tokens, wasCancelled, last, scale);
        }
    }

    /** SAELens' ActivationScaler estimate: √d_in / mean over the sample of ‖x‖. */
    private float normScalingFactor(float[] sample) {
        int dIn = cfg.dIn();
        int n = sample.length / dIn;
        double sumNorm = 0;
        for (int t = 0; t < n; t++) {
            double ss = 0;
            for (int i = 0; i < dIn; i++) {
                ss += (double) sample[t * dIn + i] * sample[t * dIn + i];
            }
            sumNorm += Math.sqrt(ss);
        }
        double mean = sumNorm / n;
        return mean == 0 ? 1f : (float) (Math.sqrt(dIn) / mean);
    }

    private static void multiply(float[] x, float s) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= s;
        }
    }

    /**
     * SAELens fold_activation_norm_scaling_factor: W_enc · s, W_dec / s, b_dec / s, so the SAE
     * trained on s·x gives the same codes on raw x and reconstructs x itself.
     */
    private static SaeParameters foldScale(SaeParameters p, float s) {
        float[] wEnc = p.wEnc().clone();
        float[] wDec = p.wDec().clone();
        float[] bDec = p.bDec().clone();
        multiply(wEnc, s);
        for (int i = 0; i < wDec.length; i++) {
            wDec[i] /= s;
        }
        for (int i = 0; i < bDec.length; i++) {
            bDec[i] /= s;
        }
        return new SaeParameters(p.dIn(), p.dSae(), wEnc, p.bEnc(), wDec, bDec, p.threshold());
    }

    private TrainProgress progress(long step, long tokens, StepStats st, FiringTracker firing) {
        return new TrainProgress(step, tokens, cfg.totalTokens(), st.loss(), st.mseLoss(), st.penalty(),
                st.l0(), st.explainedVariance(), firing.deadCount());
    }

    /** Random unit decoder rows, W_enc = W_decᵀ, b_enc = 0, b_dec from the sample, θ = initial. */
    SaeParameters initialWeights(SplittableRandom rng, float[] sample) {
        int dIn = cfg.dIn();
        int dSae = cfg.dSae();
        float[] wDec = new float[dIn * dSae];
        for (int j = 0; j < dSae; j++) {
            double ss = 0;
            for (int i = 0; i < dIn; i++) {
                double g = rng.nextGaussian();
                wDec[j * dIn + i] = (float) g;
                ss += g * g;
            }
            float inv = (float) (1.0 / Math.sqrt(ss));
            for (int i = 0; i < dIn; i++) {
                wDec[j * dIn + i] *= inv;
            }
        }
        float[] wEnc = new float[dIn * dSae];
        for (int j = 0; j < dSae; j++) {
            for (int i = 0; i < dIn; i++) {
                wEnc[i * dSae + j] = wDec[j * dIn + i];
            }
        }
        float[] bDec = switch (cfg.bDecInit()) {
            case GEOMETRIC_MEDIAN -> GeometricMedian.of(sample, dIn, GEOMETRIC_MEDIAN_ITERATIONS,
                    GEOMETRIC_MEDIAN_TOLERANCE);
            case MEAN -> GeometricMedian.meanOf(sample, dIn);
            case ZERO -> new float[dIn];
        };
        float[] threshold = null;
        if (cfg.arch() == Arch.JUMPRELU) {
            threshold = new float[dSae];
            Arrays.fill(threshold, (float) cfg.jumpReluInitThreshold());
        }
        return new SaeParameters(dIn, dSae, wEnc, new float[dSae], wDec, bDec, threshold);
    }
}
