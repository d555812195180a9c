package org.saescope.lm;

/**
 * The TransformerLens hook points SAEscope exposes, in the order a forward pass reaches them.
 * Values are those of TransformerLens {@code from_pretrained_no_processing} (no weight folding or
 * centering), which equal the Hugging Face model's own intermediate tensors.
 */
public enum HookKind {
    /** Token embeddings {@code W_E[tokens]}. */
    EMBED("hook_embed", false),
    /** Learned position embeddings (GPT-2); absent in rotary models. */
    POS_EMBED("hook_pos_embed", false),
    /** Residual stream entering block L. */
    RESID_PRE("hook_resid_pre", true),
    /** Attention output of block L, after its output projection and bias. */
    ATTN_OUT("hook_attn_out", true),
    /** resid_pre + attn_out; absent in parallel-residual blocks (TransformerLens never fires it there). */
    RESID_MID("hook_resid_mid", true),
    /** MLP output of block L, after its output projection and bias. */
    MLP_OUT("hook_mlp_out", true),
    /** Residual stream leaving block L. */
    RESID_POST("hook_resid_post", true),
    /** Final layer norm output (with its weight and bias), the unembedding's input. */
    LN_FINAL("ln_final.hook_normalized", false);

    private final String suffix;
    private final boolean perLayer;

    HookKind(String suffix, boolean perLayer) {
        this.suffix = suffix;
        this.perLayer = perLayer;
    }

    /** The full hook name: {@code blocks.L.SUFFIX} for per-block hooks, the suffix itself otherwise. */
    public String name(int layer) {
        return perLayer ? "blocks." + layer + "." + suffix : suffix;
    }

    public String suffix() {
        return suffix;
    }

    public boolean perLayer() {
        return perLayer;
    }
}
