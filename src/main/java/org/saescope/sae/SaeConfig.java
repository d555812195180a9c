package org.saescope.sae;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an SAE is, whatever file it came from: the fields SAELens v6 keeps in its config and
 * metadata, normalised across formats, plus the file's own config as a JSON tree for display.
 *
 * @param format          the on-disk format it was read from
 * @param architecture    the SAELens architecture
 * @param dIn             input width (the model's hidden size at the hook)
 * @param dSae            number of features
 * @param dtype           element type of the stored weights, torch-style ("float32", "bfloat16")
 * @param hookName        TransformerLens hook name (e.g. {@code blocks.6.hook_resid_post}), or null
 * @param hookLayer       the layer of that hook, or null when unknown
 * @param modelName       the model the SAE was trained on, or null
 * @param k               TopK's k; 0 for other architectures
 * @param rescaleActsByDecoderNorm TopK: rank pre-activations scaled by ‖W_dec[f]‖ and divide the
 *                        activations by it again in decode (SAELens v6 topk_sae.py). A BatchTopK
 *                        training checkpoint with this flag had the norms folded into its
 *                        encoder at load, as SAELens does before saving it as JumpReLU.
 * @param applyBDecToInput subtract b_dec from the (normalised) input before encoding
 * @param normalizeActivations how inputs are normalised (see {@link NormalizeActivations})
 * @param normScalingFactor the constant s of EXPECTED_AVERAGE_ONLY_IN when known, else null
 * @param contextSize     training context length, or null
 * @param prependBos      whether training prompts began with BOS, or null
 * @param datasetPath     training dataset, or null
 * @param raw             the file's configuration as read (not a copy: do not modify); for Gemma
 *                        Scope npz, which has none, an object describing what was inferred
 */
public record SaeConfig(SaeFormat format, SaeArchitecture architecture, int dIn, int dSae,
                        String dtype, String hookName, Integer hookLayer, String modelName, int k,
                        boolean rescaleActsByDecoderNorm, boolean applyBDecToInput,
                        NormalizeActivations normalizeActivations, Double normScalingFactor,
                        Integer contextSize, Boolean prependBos, String datasetPath, JsonNode raw) {

    private static final Pattern LAYER = Pattern.compile("^blocks\\.(\\d+)\\.");

    public SaeConfig {
        if (dIn <= 0 || dSae <= 0) {
            throw new IllegalArgumentException("d_in and d_sae must be positive");
        }
        if (architecture == SaeArchitecture.TOPK && (k <= 0 || k > dSae)) {
            throw new IllegalArgumentException("TopK needs 0 < k <= d_sae");
        }
    }

    /** The layer in a TransformerLens hook name ({@code blocks.N.…}), or null. */
    public static Integer layerOf(String hookName) {
        if (hookName == null) {
            return null;
        }
        Matcher m = LAYER.matcher(hookName);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** Whether decode must undo a per-token normalisation (so needs the state encode produced). */
    public boolean hasPerTokenNormalization() {
        return normalizeActivations == NormalizeActivations.CONSTANT_NORM_RESCALE
                || normalizeActivations == NormalizeActivations.LAYER_NORM;
    }
}
