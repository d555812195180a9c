package org.saescope.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam, with the update written in the order torch.optim.Adam (non-fused, no weight decay,
 * no amsgrad) uses, so that a step matches PyTorch's to float rounding:
 * m ← β1 m + (1 − β1) g; v ← β2 v + (1 − β2) g²;
 * p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
 * With a weight decay it is torch.optim.AdamW: p ← p·(1 − lr·wd) before the Adam update (decoupled,
 * Loshchilov &amp; Hutter). The learning rate may change per step (a schedule).
 * Its moment arrays live in the manager given at construction; the update runs in place. While a
 * step runs, the parameters and {@link #state()} must be temp-attached to the step's manager so
 * that the temporaries DJL hangs on an op's first operand are freed with that step.
 */
public final class AdamOptimizer {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private int t;

    public AdamOptimizer(NDManager manager, List<NDArray> params, double lr, double beta1, double beta2, double eps) {
        for (NDArray p : params) {
            m.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
            v.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** The moment arrays (first and second), to temp-attach to a step's manager. */
    public List<NDArray> state() {
        List<NDArray> all = new ArrayList<>(m);
        all.addAll(v);
        return all;
    }

    /** Updates params[i] from grads[i] in place; temporaries go to the grads' manager. */
    public void step(List<NDArray> params, List<NDArray> grads) {
        step(params, grads, lr, null);
    }

    /**
     * One AdamW step at learning rate {@code stepLr}; {@code weightDecay[i]} is parameter i's decoupled
     * decay (null: none).
     */
    public void step(List<NDArray> params, List<NDArray> grads, double stepLr, double[] weightDecay) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        float stepSize = (float) (stepLr / bc1);
        for (int i = 0; i < params.size(); i++) {
            if (weightDecay != null && weightDecay[i] != 0) {
                params.get(i).muli((float) (1 - stepLr * weightDecay[i]));
            }
            NDArray g = grads.get(i);
            NDArray mi = m.get(i);
            NDArray vi = v.get(i);
            mi.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
            vi.muli((float) beta2).addi(g.mul(g).muli((float) (1 - beta2)));
            NDArray denom = vi.sqrt().divi((float) bc2Sqrt).addi((float) eps);
            params.get(i).subi(mi.div(denom).muli(stepSize));
        }
    }

    /** Steps taken so far (Adam's t, which its bias corrections use). */
    public int steps() {
        return t;
    }

    /** The first moments, one per parameter, in parameter order (live arrays: for checkpoints). */
    public List<NDArray> firstMoments() {
        return List.copyOf(m);
    }

    /** The second moments, one per parameter, in parameter order (live arrays: for checkpoints). */
    public List<NDArray> secondMoments() {
        return List.copyOf(v);
    }

    /** Resumes from a checkpoint: the step count and both moments (each a row-major copy per parameter). */
    public void restore(int steps, List<float[]> first, List<float[]> second) {
        if (first.size() != m.size() || second.size() != v.size()) {
            throw new IllegalArgumentException("optimizer state for " + first.size() + " parameters, expected " + m.size());
        }
        for (int i = 0; i < m.size(); i++) {
            m.get(i).set(first.get(i));
            v.get(i).set(second.get(i));
        }
        t = steps;
    }
}
