package org.saescope.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The standard evaluation of one SAE, as {@link SaeMetrics} and {@link NextTokenLossMetrics} define
 * each number. The CE/KL fields are NaN when no language-model pass was run; NaN is written as JSON
 * {@code null} (JSON has no NaN).
 */
public record EvalResult(double l0, double l1, double mse, double explainedVariance, double cossim,
                         double l2Ratio, double ceLossScore, double klScore, double ceClean,
                         double ceSae, double ceZero, int deadFeatures, int denseFeatures,
                         DensityHistogram densityHistogram) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Collects the metrics; {@code nextToken} may be null when no model pass was made. */
    public static EvalResult of(SaeMetrics sae, NextTokenLossMetrics nextToken) {
        double nan = Double.NaN;
        boolean lm = nextToken != null && nextToken.tokens() > 0;
        return new EvalResult(sae.l0(), sae.l1(), sae.mse(), sae.explainedVariance(), sae.cossim(),
                sae.l2Ratio(),
                lm ? nextToken.ceLossScore() : nan, lm ? nextToken.klScore() : nan,
                lm ? nextToken.ceClean() : nan, lm ? nextToken.ceSae() : nan,
                lm ? nextToken.ceZero() : nan,
                sae.deadFeatures(), sae.denseFeatures(), sae.densityHistogram());
    }

    /**
     * One JSON object with exactly the keys {@code l0, l1, mse, explained_variance, cossim,
     * l2_ratio, ce_loss_score, kl_score, ce_clean, ce_sae, ce_zero, dead_features, dense_features,
     * density_histogram}; the histogram is {@code {"log10_edges": [...], "counts": [...]}}.
     */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        put(o, "l0", l0);
        put(o, "l1", l1);
        put(o, "mse", mse);
        put(o, "explained_variance", explainedVariance);
        put(o, "cossim", cossim);
        put(o, "l2_ratio", l2Ratio);
        put(o, "ce_loss_score", ceLossScore);
        put(o, "kl_score", klScore);
        put(o, "ce_clean", ceClean);
        put(o, "ce_sae", ceSae);
        put(o, "ce_zero", ceZero);
        o.put("dead_features", deadFeatures);
        o.put("dense_features", denseFeatures);
        ObjectNode h = o.putObject("density_histogram");
        ArrayNode edges = h.putArray("log10_edges");
        for (double e : densityHistogram.edges()) {
            edges.add(e);
        }
        ArrayNode counts = h.putArray("counts");
        for (long c : densityHistogram.counts()) {
            counts.add(c);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers always serialises", e);
        }
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
