package org.saescope.train.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.saescope.lm.Gpt2BatchForward;
import org.saescope.train.AdamOptimizer;
import org.saescope.train.NoGrad;

/**
 * Trains the demo GPT-2 on DJL autograd: GPT-2 initialisation from the seed, batches of windows
 * from {@link TokenWindows}, mean next-token cross-entropy through {@link Gpt2BatchForward},
 * global gradient-norm clipping, AdamW with linear warm-up and cosine decay
 * ({@link LmTrainConfig#lrAt}).
 *
 * <p>Resumable: every {@code checkpointEvery} steps (and at the end) the parameters, the AdamW
 * moments and the step are written to the checkpoint file (temp file + rename, so a kill never
 * leaves a torn one). Given an existing checkpoint of the same config, training continues from it
 * and, because batches are a function of (seed, step), ends with the weights an uninterrupted run
 * has.
 *
 * <p>One training per JVM at a time: DJL's PyTorch engine allows one gradient collector.
 * Every per-step array lives in a sub-manager closed after the step.
 */
public final class LmTrainer {
    /** What a progress report carries. {@code tokensPerSecond} counts the predicted tokens of this run's steps. */
    public record Progress(int step, int totalSteps, long tokens, double loss, double lr, double tokensPerSecond) {
    }

    /** Receives progress every {@code logEvery} steps and after the last one. */
    @FunctionalInterface
    public interface Listener {
        void onProgress(Progress p);
    }

    /**
     * The result: full-vocabulary parameters in compute layout (see {@link Gpt2BatchForward}; the
     * compact embedding expanded with zero rows), steps done, last batch loss.
     */
    public record Result(Map<String, float[]> params, int steps, double lastLoss, boolean cancelled, int resumedFrom) {
    }

    private final LmTrainConfig cfg;

    public LmTrainer(LmTrainConfig cfg) {
        this.cfg = cfg;
    }

    /**
     * Trains on {@code data} to {@code totalSteps}, resuming from {@code checkpoint} when that file
     * exists (null: no checkpoints). {@code cancelled} is checked before every step; a cancelled run
     * returns where it stopped without writing a checkpoint (as a kill would).
     */
    public Result train(TokenWindows data, Path checkpoint, Listener listener, BooleanSupplier cancelled) {
        return train(data, null, checkpoint, listener, cancelled);
    }

    /**
     * As {@link #train(TokenWindows, Path, Listener, BooleanSupplier)}, starting from {@code initial}
     * (full-vocabulary parameters in compute layout, e.g. an earlier run's result) instead of the
     * seeded initialisation when not null: a second stage with its own schedule. A checkpoint, when
     * there is one, still wins.
     */
    public Result train(TokenWindows data, Map<String, float[]> initial, Path checkpoint, Listener listener,
                        BooleanSupplier cancelled) {
        if (data.context() != cfg.contextLength()) {
            throw new IllegalArgumentException("windows of " + data.context() + " tokens, but the model's context is "
                    + cfg.contextLength());
        }
        data.batch(cfg.seed(), 0, cfg.batchSize()); // fails early when the corpus is smaller than one batch
        TrainingVocabulary vocab = TrainingVocabulary.of(data.stream(), cfg.dims().vocabSize(), cfg.minTokenCount());
        Map<String, long[]> shapes = Gpt2BatchForward.parameterShapes(cfg.dims(), vocab.rows());
        List<String> names = new ArrayList<>(shapes.keySet());
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            Map<String, float[]> init = initialWeights(shapes);
            if (initial != null) {
                for (String n : names) {
                    float[] v = initial.get(n);
                    if (v == null) {
                        throw new IllegalArgumentException("initial weights lack " + n);
                    }
                    init.put(n, n.equals("wte.weight") ? vocab.compactEmbedding(v, cfg.dims().nEmbd()) : v);
                }
            }
            for (String n : names) {
                params.put(n, manager.create(init.get(n), new Shape(shapes.get(n))));
            }
            List<NDArray> plist = new ArrayList<>(params.values());
            AdamOptimizer adam = new AdamOptimizer(manager, plist, cfg.lr(), LmTrainConfig.ADAM_BETA1,
                    LmTrainConfig.ADAM_BETA2, LmTrainConfig.ADAM_EPS);
            int start = 0;
            if (checkpoint != null && Files.exists(checkpoint)) {
                start = LmCheckpoint.restore(checkpoint, cfg, names, plist, adam);
            }
            for (NDArray p : plist) {
                p.setRequiresGradient(true);
            }
            double[] decay = new double[names.size()];
            for (int i = 0; i < names.size(); i++) {
                decay[i] = shapes.get(names.get(i)).length >= 2 ? cfg.weightDecay() : 0;
            }
            Gpt2BatchForward model = new Gpt2BatchForward(cfg.dims(), vocab.rows(), params);
            int ctx = cfg.contextLength();
            long[] inputs = new long[cfg.batchSize() * ctx];
            long[] targets = new long[inputs.length];
            double loss = Double.NaN;
            long t0 = System.nanoTime();
            int step = start;
            boolean wasCancelled = false;
            for (; step < cfg.totalSteps(); step++) {
                if (cancelled.getAsBoolean()) {
                    wasCancelled = true;
                    break;
                }
                int[] batch = data.batch(cfg.seed(), step, cfg.batchSize());
                for (int b = 0; b < batch.length; b++) {
                    data.window(batch[b], inputs, targets, b * ctx, vocab);
                }
                double lr = cfg.lrAt(step);
                loss = step(manager, model, plist, adam, inputs, targets, lr, decay);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("training diverged at step " + step + ": the loss is " + loss
                            + "; try a lower learning rate");
                }
                int done = step + 1;
                boolean last = done == cfg.totalSteps();
                if (checkpoint != null && (last || (cfg.checkpointEvery() > 0 && done % cfg.checkpointEvery() == 0))) {
                    LmCheckpoint.save(checkpoint, cfg, done, names, plist, adam);
                }
                if (done % cfg.logEvery() == 0 || last) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    long runTokens = (long) (done - start) * cfg.batchSize() * ctx;
                    listener.onProgress(new Progress(done, cfg.totalSteps(), (long) done * cfg.batchSize() * ctx, loss, lr,
                            runTokens / Math.max(secs, 1e-9)));
                }
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            for (String n : names) {
                float[] v = params.get(n).toFloatArray();
                out.put(n, n.equals("wte.weight") ? vocab.expandEmbedding(v, cfg.dims().nEmbd()) : v);
            }
            return new Result(out, step, loss, wasCancelled, start);
        }
    }

    /** The step a checkpoint file was written at, or 0 when there is none. */
    public static int checkpointStep(Path checkpoint) {
        return checkpoint != null && Files.exists(checkpoint) ? LmCheckpoint.step(checkpoint) : 0;
    }

    /** One AdamW step; returns the batch's mean loss before the update. */
    private double step(NDManager manager, Gpt2BatchForward model, List<NDArray> params, AdamOptimizer adam,
                        long[] inputs, long[] targets, double lr, double[] decay) {
        int b = cfg.batchSize();
        int ctx = cfg.contextLength();
        try (NDManager sm = manager.newSubManager()) {
            sm.tempAttachAll(params.toArray(new NDArray[0]));
            sm.tempAttachAll(adam.state().toArray(new NDArray[0]));
            NDArray ids = sm.create(inputs, new Shape(b, ctx));
            NDArray tgt = sm.create(targets, new Shape(b, ctx));
            float loss;
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray l = model.meanCrossEntropy(model.logits(ids), tgt);
                gc.backward(l);
                loss = l.getFloat();
            }
            try (NoGrad ignored = NoGrad.enter()) { // in-place updates of leaf parameters
                List<NDArray> grads = new ArrayList<>();
                for (NDArray p : params) {
                    NDArray g = p.getGradient();
                    g.attach(sm);
                    grads.add(g);
                }
                if (cfg.gradClip() > 0) {
                    clip(grads, cfg.gradClip());
                }
                adam.step(params, grads, lr, decay);
                for (NDArray g : grads) {
                    g.subi(g); // the engine accumulates gradients; start the next step from zero
                }
            }
            return loss;
        }
    }

    /** torch.nn.utils.clip_grad_norm_: scale every gradient by min(1, max / (‖g‖ + 1e-6)). */
    private static void clip(List<NDArray> grads, double max) {
        double ss = 0;
        for (NDArray g : grads) {
            ss += g.square().sum().getFloat();
        }
        double coef = max / (Math.sqrt(ss) + 1e-6);
        if (coef < 1) {
            for (NDArray g : grads) {
                g.muli((float) coef);
            }
        }
    }

    /**
     * GPT-2's initialisation, drawn in parameter order from one generator seeded by the config:
     * embeddings and projections N(0, 0.02²), the two residual output projections of each block
     * N(0, (0.02/√(2·n_layer))²), biases 0, LayerNorm gains 1.
     */
    Map<String, float[]> initialWeights(Map<String, long[]> shapes) {
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        double residualStd = LmTrainConfig.INIT_STD / Math.sqrt(2.0 * cfg.dims().nLayer());
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            String n = e.getKey();
            long numel = 1;
            for (long s : e.getValue()) {
                numel *= s;
            }
            float[] a = new float[(int) numel];
            if (n.contains("ln_") && n.endsWith(".weight")) {
                java.util.Arrays.fill(a, 1f);
            } else if (n.endsWith(".weight")) {
                double std = n.endsWith("c_proj.weight") ? residualStd : LmTrainConfig.INIT_STD;
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (rng.nextGaussian() * std);
                }
            }
            w.put(n, a);
        }
        return w;
    }
}
