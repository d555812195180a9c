package org.saescope.train;

/**
 * Where a trained SAE's activations came from, written into cfg.json's {@code metadata} as SAELens
 * v6 names the fields. Any field may be null when unknown.
 *
 * @param modelName   e.g. the model folder's name
 * @param hookName    TransformerLens hook, e.g. {@code blocks.2.hook_resid_post}
 * @param contextSize tokens per training sequence
 * @param prependBos  whether training sequences began with BOS
 * @param datasetPath the training corpus
 */
public record SaeLensMetadata(String modelName, String hookName, Integer contextSize, Boolean prependBos,
                              String datasetPath) {

    /** No provenance (synthetic activations, tests). */
    public static SaeLensMetadata unknown() {
        return new SaeLensMetadata(null, null, null, null, null);
    }
}
