package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GPT-NeoX / Pythia ({@code model_type "gpt_neox"}), as Hugging Face's {@code GPTNeoXForCausalLM}
 * computes it: rotary position encoding on the first {@code rotary_pct} of each head's dimensions
 * (rotate-half convention), attention and MLP either in parallel
 * ({@code use_parallel_residual}, x + attn(ln1(x)) + mlp(ln2(x))) or in series, exact-erf GELU,
 * a separate {@code embed_out} unembedding unless {@code tie_word_embeddings}.
 *
 * <p>The fused {@code query_key_value} weight interleaves q, k, v per head; its rows are reordered
 * once at load to [all q | all k | all v] so the shared head split applies.
 */
public final class GptNeoXModel extends LayerNormTransformer {
    static final ModelFamily FAMILY = ModelFamily.of("gpt_neox", Hyper::of, GptNeoXModel::load);

    /** What GPT-NeoX reads from config.json, validated. */
    private record Hyper(int layers, int d, int heads, int inner, int vocab, int positions, float eps, Activation act,
                         int rotaryDims, double rotaryBase, boolean parallel, boolean bias, boolean tied, int eos)
            implements ModelFamily.Hyper {
        static Hyper of(ConfigJson c) {
            int d = c.requirePositiveInt("hidden_size");
            int heads = c.requirePositiveInt("num_attention_heads");
            if (d % heads != 0) {
                throw c.bad("hidden_size " + d + " is not divisible by num_attention_heads " + heads);
            }
            String actName = c.optString("hidden_act", "gelu");
            Activation act = Activation.fromHfName(actName);
            if (act == null) {
                throw c.bad("hidden_act \"" + actName + "\" is not supported; supported: " + Activation.SUPPORTED);
            }
            if (c.has("rope_scaling")) {
                throw c.bad("rope_scaling is not supported");
            }
            double pct = c.optDouble(c.has("rotary_pct") ? "rotary_pct" : "partial_rotary_factor", 0.25);
            int dHead = d / heads;
            int rotary = (int) (dHead * pct); // HF: int(head_size * rotary_pct)
            if (pct < 0 || pct > 1 || rotary % 2 != 0) {
                throw c.bad("rotary_pct " + pct + " gives " + rotary + " rotary dimensions of " + dHead
                        + "; it must be in [0, 1] and give an even number");
            }
            double base = c.optDouble(c.has("rotary_emb_base") ? "rotary_emb_base" : "rope_theta", 10000);
            return new Hyper(c.requirePositiveInt("num_hidden_layers"), d, heads, c.requirePositiveInt("intermediate_size"),
                    c.requirePositiveInt("vocab_size"), c.requirePositiveInt("max_position_embeddings"),
                    (float) c.optDouble("layer_norm_eps", 1e-5), act, rotary, base,
                    c.optBool("use_parallel_residual", true), c.optBool("attention_bias", true),
                    c.optBool("tie_word_embeddings", false), c.optTokenId("eos_token_id"));
        }

        @Override
        public ModelConfig config(String dtype) {
            return new ModelConfig("gpt_neox", layers, d, heads, inner, vocab, positions, dtype, eos);
        }

        @Override
        public Map<String, long[]> shapes() {
            Map<String, long[]> s = new LinkedHashMap<>();
            s.put("gpt_neox.embed_in.weight", new long[] {vocab, d});
            for (int l = 0; l < layers; l++) {
                String p = "gpt_neox.layers." + l + ".";
                s.put(p + "input_layernorm.weight", new long[] {d});
                s.put(p + "input_layernorm.bias", new long[] {d});
                s.put(p + "post_attention_layernorm.weight", new long[] {d});
                s.put(p + "post_attention_layernorm.bias", new long[] {d});
                s.put(p + "attention.query_key_value.weight", new long[] {3L * d, d});
                s.put(p + "attention.dense.weight", new long[] {d, d});
                if (bias) {
                    s.put(p + "attention.query_key_value.bias", new long[] {3L * d});
                    s.put(p + "attention.dense.bias", new long[] {d});
                }
                s.put(p + "mlp.dense_h_to_4h.weight", new long[] {inner, d});
                s.put(p + "mlp.dense_h_to_4h.bias", new long[] {inner});
                s.put(p + "mlp.dense_4h_to_h.weight", new long[] {d, inner});
                s.put(p + "mlp.dense_4h_to_h.bias", new long[] {d});
            }
            s.put("gpt_neox.final_layer_norm.weight", new long[] {d});
            s.put("gpt_neox.final_layer_norm.bias", new long[] {d});
            if (!tied) {
                s.put("embed_out.weight", new long[] {vocab, d});
            }
            return s;
        }
    }

    private final Hyper hp;
    private final NDArray embedIn;
    /** cos and sin of position·inv_freq, {@code [positions, rotaryDims]} (the two halves repeat); null without rotary. */
    private final NDArray cos;
    private final NDArray sin;

    private GptNeoXModel(Hyper hp, TextTokenizer tokenizer, NDManager manager, String dtype, NDArray embedIn, Trunk trunk,
                         NDArray cos, NDArray sin) {
        super(hp.config(dtype), tokenizer, manager, false, hp.parallel, trunk, hp.eps, hp.act);
        this.hp = hp;
        this.embedIn = embedIn;
        this.cos = cos;
        this.sin = sin;
    }

    private static GptNeoXModel load(Hyper hp, Weights weights, TextTokenizer tokenizer, NDManager manager, String dtype) {
        ParamLoader p = new ParamLoader(weights, manager, "", "gpt_neox");
        int d = hp.d;
        NDArray embedIn = p.load("gpt_neox.embed_in.weight", hp.vocab, d);
        Block[] blocks = new Block[hp.layers];
        for (int l = 0; l < hp.layers; l++) {
            String b = "gpt_neox.layers." + l + ".";
            NDArray qkvW = p.upload(headsToBlocks(hp, p.read(b + "attention.query_key_value.weight", 3L * d, d), d), 3L * d, d);
            NDArray qkvB = hp.bias
                    ? p.upload(headsToBlocks(hp, p.read(b + "attention.query_key_value.bias", 3L * d), 1), 3L * d) : null;
            blocks[l] = new Block(
                    p.load(b + "input_layernorm.weight", d), p.load(b + "input_layernorm.bias", d),
                    p.load(b + "post_attention_layernorm.weight", d), p.load(b + "post_attention_layernorm.bias", d),
                    qkvW, qkvB,
                    p.load(b + "attention.dense.weight", d, d), hp.bias ? p.load(b + "attention.dense.bias", d) : null,
                    p.load(b + "mlp.dense_h_to_4h.weight", hp.inner, d), p.load(b + "mlp.dense_h_to_4h.bias", hp.inner),
                    p.load(b + "mlp.dense_4h_to_h.weight", d, hp.inner), p.load(b + "mlp.dense_4h_to_h.bias", d));
        }
        NDArray embedOut = hp.tied ? embedIn : p.load("embed_out.weight", hp.vocab, d);
        Trunk trunk = new Trunk(blocks, p.load("gpt_neox.final_layer_norm.weight", d),
                p.load("gpt_neox.final_layer_norm.bias", d), embedOut);
        NDArray cos = null;
        NDArray sin = null;
        if (hp.rotaryDims > 0) {
            float[][] table = rotaryTable(hp.positions, hp.rotaryDims, hp.rotaryBase);
            cos = p.upload(table[0], hp.positions, hp.rotaryDims);
            sin = p.upload(table[1], hp.positions, hp.rotaryDims);
        }
        return new GptNeoXModel(hp, tokenizer, manager, dtype, embedIn, trunk, cos, sin);
    }

    /**
     * Reorders the rows of a fused qkv weight (rows of {@code width} floats) from per-head
     * [q_h k_h v_h] blocks (HF: view(..., heads, 3·head_size)) to [q_0..q_H | k_0..k_H | v_0..v_H].
     */
    private static float[] headsToBlocks(Hyper hp, float[] fused, int width) {
        int dh = hp.d / hp.heads;
        float[] out = new float[fused.length];
        for (int h = 0; h < hp.heads; h++) {
            for (int part = 0; part < 3; part++) {
                int src = (h * 3 + part) * dh * width;
                int dst = (part * hp.heads + h) * dh * width;
                System.arraycopy(fused, src, out, dst, dh * width);
            }
        }
        return out;
    }

    /** HF GPTNeoXRotaryEmbedding: inv_freq_i = base^(−2i/dims); emb = [freqs, freqs]; computed in double. */
    static float[][] rotaryTable(int positions, int dims, double base) {
        float[] c = new float[positions * dims];
        float[] s = new float[positions * dims];
        int half = dims / 2;
        for (int pos = 0; pos < positions; pos++) {
            for (int i = 0; i < half; i++) {
                double angle = pos / Math.pow(base, (2.0 * i) / dims);
                c[pos * dims + i] = c[pos * dims + half + i] = (float) Math.cos(angle);
                s[pos * dims + i] = s[pos * dims + half + i] = (float) Math.sin(angle);
            }
        }
        return new float[][] {c, s};
    }

    @Override
    protected NDArray tokenEmbed(NDManager sub, NDArray ids) {
        return embedIn.get(sub, new NDIndex("{}", ids));
    }

    @Override
    protected NDArray[] qkv(NDManager sub, int layer, NDArray normed, int start) {
        NDArray[] qkv = projectQkv(layer, normed);
        if (hp.rotaryDims > 0) {
            long t = normed.getShape().get(normed.getShape().dimension() - 2); // [t, d] or a batch [B, t, d]
            NDIndex rows = new NDIndex(start + ":" + (start + t));
            NDArray c = cos.get(sub, rows);
            NDArray s = sin.get(sub, rows);
            qkv[0] = rotate(qkv[0], c, s);
            qkv[1] = rotate(qkv[1], c, s);
        }
        return qkv;
    }

    /** x·cos + rotate_half(x)·sin on the first rotaryDims dims of {@code x} [H, t, dh] (or [B·H, t, dh]); the rest pass through. */
    private NDArray rotate(NDArray x, NDArray c, NDArray s) {
        int r = hp.rotaryDims;
        int half = r / 2;
        boolean partial = r < hp.d / hp.heads;
        NDArray xr = partial ? x.get(":, :, :" + r) : x;
        NDArray rotated = NDArrays.concat(new NDList(xr.get(":, :, " + half + ":").neg(), xr.get(":, :, :" + half)), 2);
        NDArray out = xr.mul(c).addi(rotated.muli(s));
        return partial ? NDArrays.concat(new NDList(out, x.get(":, :, " + r + ":")), 2) : out;
    }
}
