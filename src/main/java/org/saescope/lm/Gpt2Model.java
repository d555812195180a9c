package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GPT-2 ({@code model_type "gpt2"}), as Hugging Face's {@code GPT2LMHeadModel} computes it: learned
 * position embeddings, pre-LN blocks in series, {@code gelu_new} MLP, unembedding tied to
 * {@code wte}.
 *
 * <p>Checkpoint quirks handled here: {@code Conv1D} stores its weights {@code [in, out]} (they are
 * transposed once at load so every projection is a torch {@code linear}); tensor names come with or
 * without the {@code transformer.} prefix; {@code attn.bias} / {@code attn.masked_bias} mask buffers
 * and {@code lm_head.weight} (a copy of {@code wte} when tied) are ignored.
 */
public final class Gpt2Model extends LayerNormTransformer {
    static final ModelFamily FAMILY = ModelFamily.of("gpt2", Hyper::of, Gpt2Model::load);

    /** What GPT-2 reads from config.json, validated. */
    private record Hyper(int layers, int d, int heads, int inner, int vocab, int positions, float eps,
                         Activation act, boolean scaleAttn, boolean scaleByLayer, int eos) implements ModelFamily.Hyper {
        static Hyper of(ConfigJson c) {
            int d = c.requirePositiveInt("n_embd");
            int heads = c.requirePositiveInt("n_head");
            if (d % heads != 0) {
                throw c.bad("n_embd " + d + " is not divisible by n_head " + heads);
            }
            String actName = c.optString("activation_function", "gelu_new");
            Activation act = Activation.fromHfName(actName);
            if (act == null) {
                throw c.bad("activation_function \"" + actName + "\" is not supported; supported: " + Activation.SUPPORTED);
            }
            if (!c.optBool("tie_word_embeddings", true)) {
                throw c.bad("GPT-2 with tie_word_embeddings=false is not supported (its lm_head is always wte)");
            }
            return new Hyper(c.requirePositiveInt("n_layer"), d, heads, c.optPositiveInt("n_inner", 4 * d),
                    c.requirePositiveInt("vocab_size"), c.requirePositiveIntAny("n_positions", "n_ctx"),
                    (float) c.optDouble("layer_norm_epsilon", 1e-5), act,
                    c.optBool("scale_attn_weights", true), c.optBool("scale_attn_by_inverse_layer_idx", false),
                    c.optTokenId("eos_token_id"));
        }

        @Override
        public ModelConfig config(String dtype) {
            return new ModelConfig("gpt2", layers, d, heads, inner, vocab, positions, dtype, eos);
        }

        /** Tensor names (without the optional "transformer." prefix) and their stored shapes. */
        @Override
        public Map<String, long[]> shapes() {
            Map<String, long[]> s = new LinkedHashMap<>();
            s.put("wte.weight", new long[] {vocab, d});
            s.put("wpe.weight", new long[] {positions, d});
            for (int l = 0; l < layers; l++) {
                String p = "h." + l + ".";
                s.put(p + "ln_1.weight", new long[] {d});
                s.put(p + "ln_1.bias", new long[] {d});
                s.put(p + "attn.c_attn.weight", new long[] {d, 3L * d});
                s.put(p + "attn.c_attn.bias", new long[] {3L * d});
                s.put(p + "attn.c_proj.weight", new long[] {d, d});
                s.put(p + "attn.c_proj.bias", new long[] {d});
                s.put(p + "ln_2.weight", new long[] {d});
                s.put(p + "ln_2.bias", new long[] {d});
                s.put(p + "mlp.c_fc.weight", new long[] {d, inner});
                s.put(p + "mlp.c_fc.bias", new long[] {inner});
                s.put(p + "mlp.c_proj.weight", new long[] {inner, d});
                s.put(p + "mlp.c_proj.bias", new long[] {d});
            }
            s.put("ln_f.weight", new long[] {d});
            s.put("ln_f.bias", new long[] {d});
            return s;
        }
    }

    private final Hyper hp;
    private final NDArray wte;
    private final NDArray wpe;

    private Gpt2Model(Hyper hp, TextTokenizer tokenizer, NDManager manager, String dtype, NDArray wte, NDArray wpe, Trunk trunk) {
        super(hp.config(dtype), tokenizer, manager, true, false, trunk, hp.eps, hp.act);
        this.hp = hp;
        this.wte = wte;
        this.wpe = wpe;
    }

    private static Gpt2Model load(Hyper hp, Weights weights, TextTokenizer tokenizer, NDManager manager, String dtype) {
        String prefix = weights.info("transformer.wte.weight") != null ? "transformer." : "";
        ParamLoader p = new ParamLoader(weights, manager, prefix, "gpt2");
        int d = hp.d;
        NDArray wte = p.load("wte.weight", hp.vocab, d);
        NDArray wpe = p.load("wpe.weight", hp.positions, d);
        Block[] blocks = new Block[hp.layers];
        for (int l = 0; l < hp.layers; l++) {
            String b = "h." + l + ".";
            blocks[l] = new Block(
                    p.load(b + "ln_1.weight", d), p.load(b + "ln_1.bias", d),
                    p.load(b + "ln_2.weight", d), p.load(b + "ln_2.bias", d),
                    p.loadTransposed(b + "attn.c_attn.weight", d, 3 * d), p.load(b + "attn.c_attn.bias", 3L * d),
                    p.loadTransposed(b + "attn.c_proj.weight", d, d), p.load(b + "attn.c_proj.bias", d),
                    p.loadTransposed(b + "mlp.c_fc.weight", d, hp.inner), p.load(b + "mlp.c_fc.bias", hp.inner),
                    p.loadTransposed(b + "mlp.c_proj.weight", hp.inner, d), p.load(b + "mlp.c_proj.bias", d));
        }
        // tied: logits = x · wteᵀ
        Trunk trunk = new Trunk(blocks, p.load("ln_f.weight", d), p.load("ln_f.bias", d), wte);
        return new Gpt2Model(hp, tokenizer, manager, dtype, wte, wpe, trunk);
    }

    @Override
    protected NDArray tokenEmbed(NDManager sub, NDArray ids) {
        return wte.get(sub, new NDIndex("{}", ids));
    }

    @Override
    protected NDArray posEmbed(NDManager sub, int start, int t) {
        return wpe.get(sub, new NDIndex(start + ":" + (start + t)));
    }

    @Override
    protected NDArray[] qkv(NDManager sub, int layer, NDArray normed, int start) {
        return projectQkv(layer, normed); // c_attn's output is [q | k | v]; GPT-2 encodes positions in wpe, not here
    }

    @Override
    protected float attnScale(int layer) {
        // HF GPT2Attention: divide by √d_head if scale_attn_weights, and by (layer + 1) if scale_attn_by_inverse_layer_idx.
        double s = hp.scaleAttn ? 1.0 / Math.sqrt(hp.d / (double) hp.heads) : 1.0;
        return (float) (hp.scaleByLayer ? s / (layer + 1) : s);
    }
}
