package org.saescope.eval;

/**
 * Streaming downstream-loss metrics of an SAE spliced into a language model. For each token the
 * caller gives three next-token distributions over the vocabulary — the clean model's, the model's
 * with the SAE reconstruction spliced in at the hook, and the model's with the hook zero-ablated —
 * as logits or log-probabilities (a log-softmax is applied either way, which leaves
 * log-probabilities unchanged), plus the true next token.
 *
 * <p>Definitions, all means over tokens, logs natural:
 * <ul>
 *   <li>{@code ce_clean}, {@code ce_sae}, {@code ce_zero}: mean of −log p(target).</li>
 *   <li>KL_sae, KL_zero: mean of KL(p_clean ‖ p_other) = Σ_v p_clean(v) (log p_clean(v) − log p_other(v)).</li>
 *   <li>{@code ce_loss_score} = (CE_zero − CE_sae) / (CE_zero − CE_clean): 1 when splicing costs
 *       nothing, 0 when it is as bad as ablating.</li>
 *   <li>{@code kl_score} = (KL_zero − KL_sae) / KL_zero (SAELens' kl_div_score).</li>
 * </ul>
 * Scores are NaN when their denominator is 0.
 */
public final class NextTokenLossMetrics {
    private final int vocab;
    private long tokens;
    private double sumCeClean;
    private double sumCeSae;
    private double sumCeZero;
    private double sumKlSae;
    private double sumKlZero;

    public NextTokenLossMetrics(int vocab) {
        if (vocab <= 0) {
            throw new IllegalArgumentException("vocab must be positive");
        }
        this.vocab = vocab;
    }

    public long tokens() {
        return tokens;
    }

    /**
     * Adds n tokens. Each of clean, sae and zero is [n, vocab] row-major; targets[t] is token t's
     * true next token id.
     */
    public void add(float[] clean, float[] sae, float[] zero, int[] targets) {
        int n = targets.length;
        long expected = (long) n * vocab;
        if (clean.length != expected || sae.length != expected || zero.length != expected) {
            throw new IllegalArgumentException("clean, sae and zero must each be [" + n + ", " + vocab + "]");
        }
        double[] lpClean = new double[vocab];
        double[] lpSae = new double[vocab];
        double[] lpZero = new double[vocab];
        for (int t = 0; t < n; t++) {
            int y = targets[t];
            if (y < 0 || y >= vocab) {
                throw new IllegalArgumentException("target " + y + " outside [0, " + vocab + ")");
            }
            int o = t * vocab;
            logSoftmax(clean, o, lpClean);
            logSoftmax(sae, o, lpSae);
            logSoftmax(zero, o, lpZero);
            sumCeClean -= lpClean[y];
            sumCeSae -= lpSae[y];
            sumCeZero -= lpZero[y];
            double klSae = 0;
            double klZero = 0;
            for (int v = 0; v < vocab; v++) {
                double p = Math.exp(lpClean[v]);
                if (p > 0) {
                    klSae += p * (lpClean[v] - lpSae[v]);
                    klZero += p * (lpClean[v] - lpZero[v]);
                }
            }
            sumKlSae += klSae;
            sumKlZero += klZero;
        }
        tokens += n;
    }

    /** out = row − logsumexp(row), with the max subtracted first so large logits do not overflow. */
    private void logSoftmax(float[] src, int off, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, src[off + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            sum += Math.exp(src[off + v] - max);
        }
        double lse = max + Math.log(sum);
        for (int v = 0; v < vocab; v++) {
            out[v] = src[off + v] - lse;
        }
    }

    public double ceClean() {
        return mean(sumCeClean);
    }

    public double ceSae() {
        return mean(sumCeSae);
    }

    public double ceZero() {
        return mean(sumCeZero);
    }

    public double klSae() {
        return mean(sumKlSae);
    }

    public double klZero() {
        return mean(sumKlZero);
    }

    public double ceLossScore() {
        double den = ceZero() - ceClean();
        return den == 0 ? Double.NaN : (ceZero() - ceSae()) / den;
    }

    public double klScore() {
        double den = klZero();
        return den == 0 ? Double.NaN : (klZero() - klSae()) / den;
    }

    private double mean(double sum) {
        return tokens == 0 ? Double.NaN : sum / tokens;
    }
}
