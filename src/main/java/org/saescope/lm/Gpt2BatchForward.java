package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GPT-2's forward pass over a batch of sequences {@code [B, T]}, differentiable, for training the
 * demo model. It is the same maths as {@link Gpt2Model} (pre-LN blocks, {@code gelu_new}, learned
 * positions, unembedding tied to {@code wte}) built from the same pieces: {@link Ops#linear},
 * {@link Ops#layerNorm}, {@link Ops#attention} with {@link TransformerModel#causalMask} and
 * {@link Activation#GELU_TANH} (its autograd-safe form); only the head split is the batched one. A test checks that a
 * written model loaded by {@link ModelLoader} gives these logits.
 *
 * <p>Parameters are named as in a Hugging Face GPT-2 checkpoint without the {@code transformer.}
 * prefix ({@code wte.weight}, {@code h.0.attn.c_attn.weight}, …), but every {@code Conv1D}
 * projection is held in torch {@code linear} layout {@code [out, in]}: transpose those
 * ({@link #isConv1D}) when writing a checkpoint. Results join the manager of the token ids.
 *
 * <p>Compact vocabulary. The embedding may hold fewer rows R than the vocabulary V: the model then
 * is the GPT-2 in which the V − R + 1 tokens that a small corpus shows too rarely to learn share
 * one embedding row, the last. Ids are in the compact space: row r &lt; R − 1 is whichever token the
 * caller maps to r, and id R − 1 stands for any of the shared tokens. Each of them has the shared
 * row's logit, so {@link #logits} returns R logits and {@link #meanCrossEntropy} counts the last
 * one V − R + 1 times in the softmax: the loss is the full softmax's, exactly, at a fraction of
 * the cost of the [tokens, V] unembedding. (Sharing a learned row, rather than pinning the rare
 * tokens at zero, lets the model push all of them down at once, as a full softmax would.)
 */
public final class Gpt2BatchForward {
    /** The shape of a GPT-2 (config.json's n_layer, n_embd, n_head, n_inner, vocab_size, n_positions, layer_norm_epsilon). */
    public record Dims(int nLayer, int nEmbd, int nHead, int nInner, int vocabSize, int nPositions, float layerNormEpsilon) {
        public Dims {
            if (nLayer <= 0 || nEmbd <= 0 || nHead <= 0 || nInner <= 0 || vocabSize <= 0 || nPositions <= 0) {
                throw new IllegalArgumentException("GPT-2 sizes must be positive");
            }
            if (nEmbd % nHead != 0) {
                throw new IllegalArgumentException("n_embd " + nEmbd + " is not divisible by n_head " + nHead);
            }
        }

        public int dHead() {
            return nEmbd / nHead;
        }
    }

    private final Dims dims;
    private final Map<String, NDArray> params;

    private final int rows;

    /** The full-vocabulary model: {@code params} must hold every name of {@link #parameterShapes} with that shape. */
    public Gpt2BatchForward(Dims dims, Map<String, NDArray> params) {
        this(dims, dims.vocabSize(), params);
    }

    /** A compact-vocabulary model whose {@code wte} has {@code rows} rows (see the class comment). */
    public Gpt2BatchForward(Dims dims, int rows, Map<String, NDArray> params) {
        if (rows <= 0 || rows > dims.vocabSize()) {
            throw new IllegalArgumentException("embedding rows must be in [1, vocab], got " + rows);
        }
        this.rows = rows;
        Map<String, long[]> shapes = parameterShapes(dims, rows);
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            NDArray p = params.get(e.getKey());
            if (p == null || !java.util.Arrays.equals(p.getShape().getShape(), e.getValue())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " missing or not shaped "
                        + java.util.Arrays.toString(e.getValue()));
            }
        }
        this.dims = dims;
        this.params = Map.copyOf(params);
    }

    public Dims dims() {
        return dims;
    }

    /** Every parameter in checkpoint order, with its shape in compute layout (projections {@code [out, in]}). */
    public static Map<String, long[]> parameterShapes(Dims m) {
        return parameterShapes(m, m.vocabSize());
    }

    /** As {@link #parameterShapes(Dims)} with an embedding of {@code rows} rows. */
    public static Map<String, long[]> parameterShapes(Dims m, int rows) {
        int d = m.nEmbd();
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("wte.weight", new long[] {rows, d});
        s.put("wpe.weight", new long[] {m.nPositions(), d});
        for (int l = 0; l < m.nLayer(); l++) {
            String p = "h." + l + ".";
            s.put(p + "ln_1.weight", new long[] {d});
            s.put(p + "ln_1.bias", new long[] {d});
            s.put(p + "attn.c_attn.weight", new long[] {3L * d, d});
            s.put(p + "attn.c_attn.bias", new long[] {3L * d});
            s.put(p + "attn.c_proj.weight", new long[] {d, d});
            s.put(p + "attn.c_proj.bias", new long[] {d});
            s.put(p + "ln_2.weight", new long[] {d});
            s.put(p + "ln_2.bias", new long[] {d});
            s.put(p + "mlp.c_fc.weight", new long[] {m.nInner(), d});
            s.put(p + "mlp.c_fc.bias", new long[] {m.nInner()});
            s.put(p + "mlp.c_proj.weight", new long[] {d, m.nInner()});
            s.put(p + "mlp.c_proj.bias", new long[] {d});
        }
        s.put("ln_f.weight", new long[] {d});
        s.put("ln_f.bias", new long[] {d});
        return s;
    }

    /** Whether {@code name} is a Conv1D weight, stored {@code [in, out]} in a GPT-2 checkpoint. */
    public static boolean isConv1D(String name) {
        return name.startsWith("h.") && name.endsWith(".weight") && (name.contains(".attn.") || name.contains(".mlp."));
    }

    /** Embedding rows R (the vocabulary size unless compact). */
    public int rows() {
        return rows;
    }

    /**
     * Logits {@code [B, T, R]} for int64 token ids {@code [B, T]} in [0, R) (T ≤ n_positions; id R − 1
     * is a shared-row token when compact). With the full vocabulary these are the model's logits.
     */
    public NDArray logits(NDArray ids) {
        NDManager sub = ids.getManager();
        long b = ids.getShape().get(0);
        int t = (int) ids.getShape().get(1);
        int d = dims.nEmbd();
        if (t > dims.nPositions()) {
            throw new IllegalArgumentException(t + " positions exceed n_positions " + dims.nPositions());
        }
        NDArray x = p("wte.weight").get(sub, new NDIndex("{}", ids.reshape(b * t))).reshape(b, t, d);
        x = x.add(p("wpe.weight").get(sub, new NDIndex("0:" + t)));
        NDArray mask = t > 1 ? TransformerModel.causalMask(sub, t, 0) : null;
        float scale = (float) (1.0 / Math.sqrt(dims.dHead()));
        float eps = dims.layerNormEpsilon();
        for (int l = 0; l < dims.nLayer(); l++) {
            String h = "h." + l + ".";
            NDArray normed = Ops.layerNorm(x, p(h + "ln_1.weight"), p(h + "ln_1.bias"), eps);
            NDArray[] qkv = Ops.splitQkvBatched(Ops.linear(normed, p(h + "attn.c_attn.weight"), p(h + "attn.c_attn.bias")),
                    dims.nHead(), dims.dHead());
            NDArray z = Ops.attention(qkv[0], qkv[1].transpose(0, 2, 1), qkv[2], mask, scale);
            NDArray attn = Ops.linear(Ops.mergeHeadsBatched(z, b, dims.nHead()), p(h + "attn.c_proj.weight"),
                    p(h + "attn.c_proj.bias"));
            x = x.add(attn);
            NDArray normed2 = Ops.layerNorm(x, p(h + "ln_2.weight"), p(h + "ln_2.bias"), eps);
            NDArray up = Activation.GELU_TANH.applyDifferentiable(Ops.linear(normed2, p(h + "mlp.c_fc.weight"), p(h + "mlp.c_fc.bias")));
            x = x.add(Ops.linear(up, p(h + "mlp.c_proj.weight"), p(h + "mlp.c_proj.bias")));
        }
        NDArray normed = Ops.layerNorm(x, p("ln_f.weight"), p("ln_f.bias"), eps);
        return Ops.linear(normed, p("wte.weight"), null);
    }

    /**
     * Mean next-token cross-entropy (natural log) of {@link #logits} against int64 {@code targets
     * [B, T]} in [0, R): a scalar, differentiable. When compact, the softmax counts the last
     * (shared) logit once for each of the V − R + 1 tokens that share it.
     */
    public NDArray meanCrossEntropy(NDArray logits, NDArray targets) {
        NDArray target = logits.gather(targets.expandDims(-1), -1).squeeze(-1);
        NDArray normalizer = logits;
        if (rows < dims.vocabSize()) {
            // log Σ over the V tokens = logsumexp of the R logits with ln(V − R + 1) added to the shared one
            float[] offset = new float[rows];
            offset[rows - 1] = (float) Math.log(dims.vocabSize() - rows + 1.0);
            normalizer = logits.add(logits.getManager().create(offset));
        }
        NDArray m = normalizer.max(new int[] {-1}, true).stopGradient();
        NDArray lse = normalizer.sub(m).exp().sum(new int[] {-1}, true).log().add(m).squeeze(-1);
        return lse.sub(target).mean();
    }

    private NDArray p(String name) {
        return params.get(name);
    }
}
