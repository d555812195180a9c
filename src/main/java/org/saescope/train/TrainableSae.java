package org.saescope.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.saescope.sae.kernel.Arch;

/**
 * An SAE under training on DJL autograd: its parameters, one optimiser step, and the loss of each
 * architecture written as SAELens v6's training SAEs compute it (sae_lens/saes/topk_sae.py,
 * standard_sae.py, jumprelu_sae.py and TrainingSAE.training_forward_pass in sae.py):
 * <pre>
 *   sae_in = x − b_dec;  pre = sae_in · W_enc + b_enc;  x̂ = f · W_dec + b_dec
 *   mse    = mean_t Σ_d (x̂ − x)²
 *   ReLU:     f = relu(pre);           loss = mse + λ · mean_t Σ_i f_i ‖W_dec[i]‖
 *   JumpReLU: θ = exp(log_threshold);  f = pre · H(pre − θ);  loss = mse + λ0 · mean_t Σ_i H(pre_i − θ_i)
 *             with the straight-through pseudo-derivatives of Rajamanoharan et al. (2024):
 *             ∂f/∂θ = −(θ/ε) K((pre − θ)/ε), ∂H/∂θ = −(1/ε) K((pre − θ)/ε), K the rectangle on
 *             (−½, ½), ε the bandwidth; H passes no gradient to pre, f passes H to pre.
 *   TopK:     f = relu(pre) on the k largest pre, 0 elsewhere;
 *             loss = mse + α · s · mean_t Σ_d (ê − (x − x̂))²   (AuxK, Gao et al. 2024)
 *             ê = a · W_dec with a = pre on the top-min(k_aux, #dead) pre-activations among dead
 *             latents (not passed through relu, as SAELens), x − x̂ detached,
 *             s = min(#dead / k_aux, 1) (SAELens' scaling for few dead latents).
 * </pre>
 * JumpReLU trains log_threshold as DeepMind's paper and SAELens v6.0–6.x's JumpReLU training SAE
 * do (later SAELens releases switched to a raw threshold because Adam moves a log-threshold
 * slowly when it starts small; use a larger learning rate or initial threshold if L0 stalls).
 * The straight-through estimator is built from ordinary ops: the term (θ − stop(θ)) · c is 0 in
 * the forward pass and has gradient c with respect to θ.
 *
 * <p>A step then (following Gao et al.'s reference code): for TopK removes from each decoder
 * row's gradient its component along the row; clips the global gradient norm (SAELens' trainer,
 * torch.nn.utils.clip_grad_norm_); applies Adam; renormalises every decoder row to unit norm.
 *
 * <p>Every temporary lives in a per-step sub-manager: parameters and optimiser state are
 * temp-attached to it, so DJL's results (which join their first operand's manager) are freed
 * with the step. Only one thread may train at a time in a JVM: DJL's PyTorch engine allows one
 * gradient collector at once.
 */
final class TrainableSae implements AutoCloseable {
    private static final float DEAD_MASK_OFFSET = 1e30f;

    private final SaeTrainConfig cfg;
    private final NDManager manager;
    private final NDArray wEnc;
    private final NDArray bEnc;
    private final NDArray wDec;
    private final NDArray bDec;
    private final NDArray logThreshold;
    private final List<NDArray> params = new ArrayList<>();
    private final AdamOptimizer adam;

    TrainableSae(SaeTrainConfig cfg, SaeParameters init) {
        if (init.dIn() != cfg.dIn() || init.dSae() != cfg.dSae()) {
            throw new IllegalArgumentException("initial weights do not match the config");
        }
        this.cfg = cfg;
        this.manager = NDManager.newBaseManager();
        int dIn = cfg.dIn();
        int dSae = cfg.dSae();
        wEnc = manager.create(init.wEnc(), new Shape(dIn, dSae));
        bEnc = manager.create(init.bEnc(), new Shape(dSae));
        wDec = manager.create(init.wDec(), new Shape(dSae, dIn));
        bDec = manager.create(init.bDec(), new Shape(dIn));
        params.add(wEnc);
        params.add(bEnc);
        params.add(wDec);
        params.add(bDec);
        if (cfg.arch() == Arch.JUMPRELU) {
            float[] lt = new float[dSae];
            for (int j = 0; j < dSae; j++) {
                lt[j] = (float) Math.log(init.threshold()[j]);
            }
            logThreshold = manager.create(lt, new Shape(dSae));
            params.add(logThreshold);
        } else {
            logThreshold = null;
        }
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
        adam = new AdamOptimizer(manager, params, cfg.lr(), cfg.adamBeta1(), cfg.adamBeta2(), cfg.adamEps());
    }

    /**
     * One optimiser step on x [n, dIn]. {@code dead[j]} marks latent j as dead for AuxK (TopK only;
     * ignored otherwise). Returns the batch's statistics, measured before the update.
     */
    StepStats step(float[] x, int n, boolean[] dead) {
        try (NDManager sm = manager.newSubManager()) {
            sm.tempAttachAll(params.toArray(new NDArray[0]));
            sm.tempAttachAll(adam.state().toArray(new NDArray[0]));
            NDArray xs = sm.create(x, new Shape(n, cfg.dIn()));
            Forward f;
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                f = forward(sm, xs, dead);
                gc.backward(f.loss);
            }
            StepStats stats = stats(xs, f, n);
            if (!Double.isFinite(stats.loss())) {
                throw new IllegalStateException("training diverged: the loss is " + stats.loss()
                        + "; try a lower learning rate");
            }
            try (NoGrad ignored = NoGrad.enter()) {
                return update(sm, stats);
            }
        }
    }

    /** Adds {@code delta[j]} to b_enc[j] outside the optimiser (density balancing, see DensityBalancer). */
    void addToEncoderBias(float[] delta) {
        try (NoGrad ignored = NoGrad.enter(); NDManager sm = manager.newSubManager()) {
            bEnc.addi(sm.create(delta));
        }
    }

    /** The optimiser step proper; runs with autograd off (see {@link NoGrad}). */
    private StepStats update(NDManager sm, StepStats stats) {
        List<NDArray> grads = new ArrayList<>();
        for (NDArray p : params) {
            NDArray g = p.getGradient();
            g.attach(sm);
            grads.add(g);
        }
        NDArray gDec = grads.get(2);
        if (cfg.arch() == Arch.TOPK) {
            // Gao et al.: drop the part of each decoder row's gradient that would change its norm
            NDArray along = gDec.mul(wDec).sum(new int[] {1}, true);
            gDec.subi(wDec.mul(along));
        }
        clipGlobalNorm(grads);
        adam.step(params, grads);
        NDArray norms = wDec.norm(new int[] {1}, true).maximum(1e-12f);
        wDec.divi(norms);
        for (NDArray g : grads) {
            g.subi(g); // the engine accumulates gradients; start the next step from zero
        }
        return stats;
    }

    private record Forward(NDArray loss, NDArray mse, NDArray penalty, NDArray acts, NDArray xHat) {
    }

    private Forward forward(NDManager sm, NDArray x, boolean[] dead) {
        NDArray saeIn = x.sub(bDec);
        NDArray pre = saeIn.matMul(wEnc).add(bEnc);
        NDArray preStop = pre.stopGradient();
        NDArray acts;
        NDArray xHat;
        NDArray penalty;
        switch (cfg.arch()) {
            case RELU: {
                acts = Activation.relu(pre);
                xHat = acts.matMul(wDec).add(bDec);
                NDArray decNorm = wDec.norm(new int[] {1});
                penalty = acts.mul(decNorm).sum(new int[] {1}).mean().mul((float) cfg.l1Coefficient());
                break;
            }
            case JUMPRELU: {
                float bw = (float) cfg.jumpReluBandwidth();
                NDArray theta = logThreshold.exp();
                NDArray thetaStop = theta.stopGradient();
                NDArray gate = preStop.gt(thetaStop).toType(DataType.FLOAT32, false);
                NDArray u = preStop.sub(thetaStop).div(bw);
                NDArray kernel = u.gt(-0.5f).logicalAnd(u.lt(0.5f)).toType(DataType.FLOAT32, false);
                // zero in value, gradient 1 with respect to θ: carries the pseudo-derivatives
                NDArray thetaProbe = theta.sub(thetaStop);
                acts = pre.mul(gate).add(thetaProbe.mul(kernel.mul(thetaStop).mul(-1f / bw)));
                xHat = acts.matMul(wDec).add(bDec);
                NDArray step = gate.add(thetaProbe.mul(kernel.mul(-1f / bw)));
                penalty = step.sum(new int[] {1}).mean().mul((float) cfg.l0Coefficient());
                break;
            }
            case TOPK: {
                int k = cfg.k();
                NDList top = preStop.topK(k, 1, true, true);
                NDArray kth = top.get(0).get(new NDIndex(":, " + (k - 1) + ":" + k));
                NDArray keep = preStop.gte(kth).toType(DataType.FLOAT32, false);
                acts = Activation.relu(pre).mul(keep);
                xHat = acts.matMul(wDec).add(bDec);
                penalty = auxK(sm, x, pre, preStop, xHat, dead);
                break;
            }
            default:
                throw new IllegalStateException("cannot train " + cfg.arch());
        }
        NDArray mse = xHat.sub(x).square().sum(new int[] {1}).mean();
        NDArray loss = penalty == null ? mse : mse.add(penalty);
        return new Forward(loss, mse, penalty, acts, xHat);
    }

    /** α · s · mean_t ‖ê − (x − x̂)‖², or null when no latent is dead or AuxK is off. */
    private NDArray auxK(NDManager sm, NDArray x, NDArray pre, NDArray preStop, NDArray xHat, boolean[] dead) {
        if (cfg.auxKCoefficient() == 0 || dead == null) {
            return null;
        }
        int dSae = cfg.dSae();
        float[] deadF = new float[dSae];
        int numDead = 0;
        for (int j = 0; j < dSae; j++) {
            if (dead[j]) {
                deadF[j] = 1f;
                numDead++;
            }
        }
        if (numDead == 0) {
            return null;
        }
        int kAux = Math.min(cfg.kAux(), numDead);
        double scale = Math.min((double) numDead / cfg.kAux(), 1.0);
        NDArray deadMask = sm.create(deadF, new Shape(dSae));
        // live latents pushed far below any dead one, so the top-k_aux picks dead latents only
        NDArray candidates = preStop.add(deadMask.sub(1f).mul(DEAD_MASK_OFFSET));
        NDArray kth = candidates.topK(kAux, 1, true, true).get(0).get(new NDIndex(":, " + (kAux - 1) + ":" + kAux));
        NDArray pick = candidates.gte(kth).toType(DataType.FLOAT32, false).mul(deadMask);
        NDArray residual = x.sub(xHat).stopGradient();
        NDArray auxRecon = pre.mul(pick).matMul(wDec);
        return auxRecon.sub(residual).square().sum(new int[] {1}).mean()
                .mul((float) (cfg.auxKCoefficient() * scale));
    }

    /** torch.nn.utils.clip_grad_norm_: scale all gradients by min(1, max / (‖g‖ + 1e-6)). */
    private void clipGlobalNorm(List<NDArray> grads) {
        if (cfg.maxGradNorm() <= 0) {
            return;
        }
        double sq = 0;
        for (NDArray g : grads) {
            sq += g.square().sum().getFloat();
        }
        double coef = cfg.maxGradNorm() / (Math.sqrt(sq) + 1e-6);
        if (coef < 1) {
            for (NDArray g : grads) {
                g.muli((float) coef);
            }
        }
    }

    private StepStats stats(NDArray x, Forward f, int n) {
        NDArray fired = f.acts.stopGradient().gt(0f);
        int[] firing = fired.sum(new int[] {0}).toType(DataType.INT32, false).toIntArray();
        long active = 0;
        for (int c : firing) {
            active += c;
        }
        double mse = f.mse.getFloat();
        double loss = f.loss.getFloat();
        double penalty = f.penalty == null ? 0 : f.penalty.getFloat();
        double totalVar = x.sub(x.mean(new int[] {0})).square().sum().getFloat();
        double ev = totalVar == 0 ? Double.NaN : 1 - mse * n / totalVar;
        return new StepStats(n, loss, mse, penalty, (double) active / n, ev, firing);
    }

    /** The current parameters as arrays (threshold = exp(log_threshold) for JumpReLU). */
    SaeParameters weights() {
        float[] threshold = null;
        if (logThreshold != null) {
            try (NDArray t = logThreshold.stopGradient().exp()) {
                threshold = t.toFloatArray();
            }
        }
        return new SaeParameters(cfg.dIn(), cfg.dSae(), wEnc.toFloatArray(), bEnc.toFloatArray(),
                wDec.toFloatArray(), bDec.toFloatArray(), threshold);
    }

    /** NDArrays the long-lived manager holds (parameters and optimiser state); for leak tests. */
    int managedArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
