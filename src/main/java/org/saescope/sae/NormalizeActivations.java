package org.saescope.sae;

/**
 * SAELens v6 {@code normalize_activations} modes (sae_lens/saes/sae.py,
 * {@code _setup_activation_normalization}). What each does to an input row x at inference:
 * <ul>
 *   <li>NONE: nothing.</li>
 *   <li>EXPECTED_AVERAGE_ONLY_IN: x · s in, y / s out, with one dataset-wide constant s. SAELens
 *       only applies it when it knows s (from its pretrained directory, or Llama Scope's
 *       {@code dataset_average_activation_norm}) and then folds it into the weights; an SAE loaded
 *       from disk without s runs it as the identity, and so does SAEscope.</li>
 *   <li>CONSTANT_NORM_RESCALE: per token c = √d_in / ‖x‖; x · c in, y / c out.</li>
 *   <li>LAYER_NORM: per token μ = mean(x), σ = std(x − μ) with Bessel's correction (torch's
 *       default); (x − μ) / (σ + 1e-5) in, y · σ + μ out (no eps on the way out, as SAELens).</li>
 * </ul>
 */
public enum NormalizeActivations {
    NONE("none"),
    EXPECTED_AVERAGE_ONLY_IN("expected_average_only_in"),
    CONSTANT_NORM_RESCALE("constant_norm_rescale"),
    LAYER_NORM("layer_norm");

    private final String id;

    NormalizeActivations(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The mode for a SAELens name, or null when unknown. */
    public static NormalizeActivations fromId(String id) {
        for (NormalizeActivations n : values()) {
            if (n.id.equals(id)) {
                return n;
            }
        }
        return null;
    }
}
