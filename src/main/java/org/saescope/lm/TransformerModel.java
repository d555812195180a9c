package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.saescope.tensor.BadInputException;

/**
 * The forward skeleton every pre-LayerNorm decoder family shares: embeddings, then per block
 * {@code attention(ln1(x))} and {@code mlp(ln2(x))} added to the residual stream either one after
 * the other or in parallel, then the final norm and the unembedding. A family (one file each)
 * supplies the pieces: how it embeds, normalizes, projects q/k/v (with its position encoding),
 * and runs its MLP. This class owns what is the same for all: hook points, interventions, early
 * stopping, causal attention with the KV cache, generation and cross-entropy.
 *
 * <p>Memory: weights are NDArrays owned by {@link #manager}; every forward runs in a sub-manager
 * closed by try-with-resources, and results leave as Java arrays.
 */
public abstract class TransformerModel implements LanguageModel {
    protected final ModelConfig config;
    /** Owns the weights; closed with the model. */
    protected final NDManager manager;
    private final TextTokenizer tokenizer;
    private final boolean parallelResidual;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Valid hook name → number of blocks that must run for it to fire (blocks.L.hook_resid_pre: L, it
     * fires where block L would start; other block hooks: L + 1; ln_final: nLayers + 1, meaning "and
     * the final norm").
     */
    private final Map<String, Integer> blocksBefore = new LinkedHashMap<>();
    /** [layer][HookKind.ordinal()] → hook name, so the hot loop does not build strings. */
    private final String[][] names;
    private boolean closed;

    protected TransformerModel(ModelConfig config, TextTokenizer tokenizer, NDManager manager,
                               boolean hasPosEmbed, boolean parallelResidual) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.manager = manager;
        this.parallelResidual = parallelResidual;
        this.names = new String[config.nLayers()][HookKind.values().length];
        blocksBefore.put(HookKind.EMBED.name(0), 0);
        if (hasPosEmbed) {
            blocksBefore.put(HookKind.POS_EMBED.name(0), 0);
        }
        for (int l = 0; l < config.nLayers(); l++) {
            for (HookKind k : HookKind.values()) {
                if (k.perLayer() && !(k == HookKind.RESID_MID && parallelResidual)) {
                    names[l][k.ordinal()] = k.name(l);
                    blocksBefore.put(k.name(l), k == HookKind.RESID_PRE ? l : l + 1);
                }
            }
        }
        blocksBefore.put(HookKind.LN_FINAL.name(0), config.nLayers() + 1);
    }

    // ------------------------------------------------------------------ the family's pieces

    /** Token embeddings {@code [t, d]} for int64 ids {@code [t]}; create results in {@code sub}. */
    protected abstract NDArray tokenEmbed(NDManager sub, NDArray ids);

    /** Position embeddings {@code [t, d]} for positions {@code start..start+t-1}, or null when the family has none. */
    protected NDArray posEmbed(NDManager sub, int start, int t) {
        return null;
    }

    protected abstract NDArray ln1(int layer, NDArray x);

    protected abstract NDArray ln2(int layer, NDArray x);

    /** q, k, v {@code [nHeads, t, dHead]} for rows at absolute positions {@code start..}, position encoding applied. */
    protected abstract NDArray[] qkv(NDManager sub, int layer, NDArray normed, int start);

    /** The attention output projection of the merged heads {@code [t, d]}. */
    protected abstract NDArray attnOut(int layer, NDArray z);

    /** The MLP of an already normalized input. */
    protected abstract NDArray mlp(int layer, NDArray normed);

    protected abstract NDArray lnFinal(NDArray x);

    /** Logits {@code [t, vocab]} of final-normed rows. */
    protected abstract NDArray unembed(NDArray normed);

    /**
     * The final norm's gain γ {@code [d]}, for {@link #directionLogits}; null when the family does
     * not expose it (then direction logits are refused).
     */
    protected NDArray finalNormGain() {
        return null;
    }

    /** Whether the final norm subtracts the mean (LayerNorm: yes; RMSNorm families override with false). */
    protected boolean finalNormCenters() {
        return true;
    }

    /** Multiplier of q·kᵀ before the softmax. */
    protected float attnScale(int layer) {
        return (float) (1.0 / Math.sqrt(config.dHead()));
    }

    // ------------------------------------------------------------------ LanguageModel

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public List<String> hookNames() {
        return List.copyOf(blocksBefore.keySet());
    }

    @Override
    public int hookWidth(String hook) {
        requireHook(hook);
        return config.dModel();
    }

    @Override
    public RunResult runWithCache(int[] tokens, Set<String> hooks, boolean wantLogits, List<Intervention> interventions) {
        checkTokens(tokens, 0);
        int needed = wantLogits ? config.nLayers() + 1 : 0;
        for (String h : hooks) {
            needed = Math.max(needed, requireHook(h));
        }
        Map<String, List<Intervention>> edits = groupByHook(interventions);
        lock.lock();
        try (NDManager sub = openSubManager()) {
            Pass pass = new Pass(sub, tokens.length, 0, Set.copyOf(hooks), edits);
            int blocks = Math.min(needed, config.nLayers());
            NDArray out = forward(pass, tokens, null, blocks, needed > config.nLayers(), wantLogits ? Logits.ALL : Logits.NONE);
            float[] logits = out == null ? null : out.toFloatArray();
            return new RunResult(tokens.clone(), Collections.unmodifiableMap(pass.recorded), logits, config.vocabSize(), blocks);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public GenerationResult generate(int[] prompt, GenerationOptions options, List<Intervention> interventions,
                                     TokenListener listener) {
        checkTokens(prompt, 0);
        if (prompt.length == 0) {
            throw new BadInputException(null, "generation needs a prompt of at least one token");
        }
        Map<String, List<Intervention>> edits = groupByHook(interventions);
        Sampler sampler = new Sampler(options);
        int[] seq = Arrays.copyOf(prompt, (int) Math.min((long) prompt.length + options.maxTokens(), config.contextLength()));
        int len = prompt.length;
        lock.lock();
        try (KvCache cache = options.useKvCache() ? new KvCache(openManager(), config.nLayers()) : null) {
            GenerationResult.StopReason reason = GenerationResult.StopReason.MAX_TOKENS;
            for (int step = 0; step < options.maxTokens(); step++) {
                if (options.cancelled().getAsBoolean()) {
                    reason = GenerationResult.StopReason.CANCELLED;
                    break;
                }
                if (len >= config.contextLength()) {
                    reason = GenerationResult.StopReason.CONTEXT_FULL;
                    break;
                }
                float[] next = cache == null ? lastLogits(Arrays.copyOf(seq, len), 0, null, edits)
                        : lastLogits(Arrays.copyOfRange(seq, cache.length(), len), cache.length(), cache, edits);
                int token = sampler.next(next);
                seq[len++] = token;
                listener.onToken(step, token);
                if (options.isStop(token)) {
                    reason = GenerationResult.StopReason.STOP_TOKEN;
                    break;
                }
            }
            return new GenerationResult(Arrays.copyOfRange(seq, prompt.length, len), reason);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public float[] crossEntropy(int[] tokens, List<Intervention> interventions) {
        if (tokens.length < 2) {
            throw new BadInputException(null, "cross-entropy needs at least two tokens, got " + tokens.length);
        }
        float[] logits = runWithCache(tokens, Set.of(), true, interventions).logits();
        int v = config.vocabSize();
        float[] ce = new float[tokens.length - 1];
        for (int t = 0; t < ce.length; t++) {
            // log-sum-exp in double, shifted by the row maximum
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, logits[t * v + j]);
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                sum += Math.exp(logits[t * v + j] - max);
            }
            ce[t] = (float) (max + Math.log(sum) - logits[t * v + tokens[t + 1]]);
        }
        return ce;
    }

    @Override
    public float[] directionLogits(float[] directions, int rows) {
        int d = config.dModel();
        if (rows < 0 || directions.length != (long) rows * d) {
            throw new IllegalArgumentException("expected " + rows + " x " + d + " values, got " + directions.length);
        }
        NDArray gain = finalNormGain();
        if (gain == null) {
            throw new UnsupportedOperationException(config.modelType() + " models do not expose their final norm");
        }
        lock.lock();
        try (NDManager sub = openSubManager()) {
            NDArray u = sub.create(directions, new Shape(rows, d));
            if (finalNormCenters()) {
                u = u.sub(u.mean(new int[] {1}, true));
            }
            return unembed(u.mul(gain)).toFloatArray();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                manager.close();
                if (tokenizer != null) {
                    tokenizer.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ the forward pass

    private enum Logits { NONE, LAST, ALL }

    /** One forward's scratch: its manager, positions, which hooks to record and which to edit. */
    private static final class Pass {
        final NDManager sub;
        final int rows;
        final int start;
        final Set<String> record;
        final Map<String, List<Intervention>> edits;
        final Map<String, float[]> recorded = new HashMap<>();

        Pass(NDManager sub, int rows, int start, Set<String> record, Map<String, List<Intervention>> edits) {
            this.sub = sub;
            this.rows = rows;
            this.start = start;
            this.record = record;
            this.edits = edits;
        }

        /** The hook point: apply the edits at {@code name}, record it if asked, and return what flows on. */
        NDArray at(String name, NDArray x) {
            if (name == null) {
                return x;
            }
            List<Intervention> ivs = edits.get(name);
            float[] host = null;
            if (ivs != null) {
                host = x.toFloatArray();
                for (Intervention iv : ivs) {
                    iv.edit(host, rows, start);
                }
                x = sub.create(host, x.getShape());
            }
            if (record.contains(name)) {
                recorded.put(name, host != null ? host : x.toFloatArray());
            }
            return x;
        }
    }

    /**
     * Runs {@code blocks} blocks over {@code tokens} (absolute positions from {@code pass.start}),
     * then, if {@code finalNorm}, the final norm, and the logits {@code which} asks for.
     * Returns the logits, or null for {@link Logits#NONE}.
     */
    private NDArray forward(Pass pass, int[] tokens, KvCache cache, int blocks, boolean finalNorm, Logits which) {
        NDManager sub = pass.sub;
        int t = tokens.length;
        long[] ids = new long[t];
        for (int i = 0; i < t; i++) {
            ids[i] = tokens[i];
        }
        NDArray x = pass.at(HookKind.EMBED.name(0), tokenEmbed(sub, sub.create(ids)));
        NDArray pos = posEmbed(sub, pass.start, t);
        if (pos != null) {
            x = x.add(pass.at(HookKind.POS_EMBED.name(0), pos));
        }
        NDArray mask = t > 1 ? causalMask(sub, t, pass.start) : null;
        for (int l = 0; l < blocks; l++) {
            String[] hook = names[l];
            x = pass.at(hook[HookKind.RESID_PRE.ordinal()], x);
            NDArray[] qkv = qkv(sub, l, ln1(l, x), pass.start);
            NDArray keysT = qkv[1].transpose(0, 2, 1);
            NDArray values = qkv[2];
            if (cache != null) {
                NDArray[] kv = cache.append(l, keysT, values);
                keysT = kv[0];
                values = kv[1];
            }
            NDArray z = attend(qkv[0], keysT, values, mask, l);
            NDArray attn = pass.at(hook[HookKind.ATTN_OUT.ordinal()], attnOut(l, z));
            if (parallelResidual) {
                NDArray m = pass.at(hook[HookKind.MLP_OUT.ordinal()], mlp(l, ln2(l, x)));
                x = x.add(attn).addi(m);
            } else {
                x = pass.at(hook[HookKind.RESID_MID.ordinal()], x.add(attn));
                NDArray m = pass.at(hook[HookKind.MLP_OUT.ordinal()], mlp(l, ln2(l, x)));
                x = x.add(m);
            }
            x = pass.at(hook[HookKind.RESID_POST.ordinal()], x);
        }
        if (cache != null) {
            cache.advance(t);
        }
        if (blocks < config.nLayers()) {
            // Stopped early: the next block's resid_pre is where the stream stands (and may be asked for).
            pass.at(names[blocks][HookKind.RESID_PRE.ordinal()], x);
        }
        if (!finalNorm) {
            return null;
        }
        x = pass.at(HookKind.LN_FINAL.name(0), lnFinal(x));
        return switch (which) {
            case NONE -> null;
            case ALL -> unembed(x);
            case LAST -> unembed(t == 1 ? x : x.get((t - 1) + ":"));
        };
    }

    /** Softmax(q·kᵀ·scale + mask)·v over heads, merged back to {@code [t, d]}. */
    private NDArray attend(NDArray q, NDArray keysT, NDArray values, NDArray mask, int layer) {
        long t = q.getShape().get(1);
        NDArray z = Ops.attention(q, keysT, values, mask, attnScale(layer)); // [H, t, dh]
        return z.transpose(1, 0, 2).reshape(t, config.dModel());
    }

    /**
     * {@code [t, start + t]} additive mask: row i (absolute position start + i) sees keys 0..start+i.
     * Only needed when a step has more than one query; a single new token sees the whole cache.
     */
    static NDArray causalMask(NDManager sub, int t, int start) {
        int s = start + t;
        float[] m = new float[t * s];
        for (int i = 0; i < t; i++) {
            Arrays.fill(m, i * s + start + i + 1, (i + 1) * s, Float.NEGATIVE_INFINITY);
        }
        return sub.create(m, new Shape(t, s));
    }

    /** Logits of the last token after running {@code tokens} from {@code start} (through the cache if given). */
    private float[] lastLogits(int[] tokens, int start, KvCache cache, Map<String, List<Intervention>> edits) {
        try (NDManager sub = openSubManager()) {
            Pass pass = new Pass(sub, tokens.length, start, Set.of(), edits);
            return forward(pass, tokens, cache, config.nLayers(), true, Logits.LAST).toFloatArray();
        }
    }

    // ------------------------------------------------------------------ checks

    /** The weights' manager, after checking the model is still open. */
    private NDManager openManager() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
        return manager;
    }

    private NDManager openSubManager() {
        return openManager().newSubManager();
    }

    /** Blocks needed for a hook; unknown names are bad input listing the valid ones. */
    private int requireHook(String hook) {
        Integer b = blocksBefore.get(hook);
        if (b == null) {
            throw new BadInputException(null, "hook '" + hook + "' does not exist in this " + config.modelType()
                    + " model; valid hooks: " + describeHooks());
        }
        return b;
    }

    /** The valid hooks compactly: per-block ones once, with the block range. */
    private String describeHooks() {
        List<String> parts = new ArrayList<>();
        List<String> perBlock = new ArrayList<>();
        for (String h : blocksBefore.keySet()) {
            if (h.startsWith("blocks.0.")) {
                perBlock.add("blocks.L." + h.substring("blocks.0.".length()));
            } else if (!h.startsWith("blocks.")) {
                parts.add(h);
            }
        }
        String blocks = String.join(", ", perBlock) + " (L = 0.." + (config.nLayers() - 1) + ")";
        parts.add(parts.size() - 1, blocks);
        return String.join(", ", parts);
    }

    private Map<String, List<Intervention>> groupByHook(List<Intervention> interventions) {
        Map<String, List<Intervention>> byHook = new HashMap<>();
        for (Intervention iv : interventions) {
            int width = hookWidth(iv.hook());
            if (iv.width() != width) {
                throw new BadInputException(null, describe(iv) + " expects width " + iv.width() + ", but hook '" + iv.hook()
                        + "' of this model has width " + width);
            }
            byHook.computeIfAbsent(iv.hook(), k -> new ArrayList<>()).add(iv);
        }
        return byHook;
    }

    private static String describe(Intervention iv) {
        if (iv instanceof SetFeature || iv instanceof ReplaceWithReconstruction) {
            return "the SAE (d_in " + iv.width() + ") at " + iv.hook();
        }
        return iv.getClass().getSimpleName() + " at " + iv.hook();
    }

    private void checkTokens(int[] tokens, int start) {
        if (start + tokens.length > config.contextLength()) {
            throw new BadInputException(null, (start + tokens.length) + " tokens exceed the model's context length of "
                    + config.contextLength());
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new BadInputException(null, "token id " + tokens[i] + " at position " + i + " is outside the vocabulary [0, "
                        + config.vocabSize() + ")");
            }
        }
    }
}
