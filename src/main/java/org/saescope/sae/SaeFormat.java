package org.saescope.sae;

/** The on-disk SAE layouts SAEscope reads. {@link #id()} is the name shown by {@code info}. */
public enum SaeFormat {
    /** SAELens folder: cfg.json + sae_weights.safetensors (+ sparsity.safetensors). */
    SAELENS("saelens"),
    /** Gemma Scope (Gemma 2): params.npz, JumpReLU, no config file. */
    GEMMA_SCOPE("gemma_scope"),
    /** Gemma Scope 2 (Gemma 3): config.json + params.safetensors with lowercase names. */
    GEMMA_SCOPE_2("gemma_scope_2"),
    /** EleutherAI sparsify: cfg.json + sae.safetensors, TopK. */
    SPARSIFY("sparsify"),
    /** OpenMOSS Llama Scope: hyperparams.json + checkpoints/final.safetensors. */
    LLAMA_SCOPE("llama_scope");

    private final String id;

    SaeFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
