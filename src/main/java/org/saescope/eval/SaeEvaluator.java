package org.saescope.eval;

import org.saescope.sae.Sae;
import org.saescope.sae.SparseCodes;

/**
 * Runs a loaded {@link Sae} over batches of model activations and feeds {@link SaeMetrics}: each
 * batch is encoded and decoded exactly as SAELens' {@code sae(x)} does (normalisation undone), and
 * the metrics compare that reconstruction with the input. The CE/KL half needs a language model
 * with the SAE spliced in; its caller fills a {@link NextTokenLossMetrics} and combines both with
 * {@link EvalResult#of}.
 */
public final class SaeEvaluator {
    private final Sae sae;
    private final SaeMetrics metrics;

    public SaeEvaluator(Sae sae) {
        this.sae = sae;
        this.metrics = new SaeMetrics(sae.config().dIn(), sae.config().dSae());
    }

    /** Adds n tokens of raw activations x [n, d_in]; returns their codes for any further use. */
    public SparseCodes add(float[] x, int n) {
        Sae.Encoded e = sae.encodeWithState(x, n);
        float[] xHat = sae.decode(e.codes(), e.state());
        metrics.add(x, xHat, e.codes());
        return e.codes();
    }

    public SaeMetrics metrics() {
        return metrics;
    }
}
