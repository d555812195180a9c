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

    /**
     * q, k, v for rows at absolute positions {@code start..}, position encoding applied: from
     * {@code normed [t, d]} each is {@code [nHeads, t, dHead]}; from a batch {@code [B, t, d]}
     * (every sequence starting at {@code start}) each is {@code [B·nHeads, t, dHead]}, sequence-major.
     */
    protected abstract NDArray[] qkv(NDManager sub, int layer, NDArray normed, int start);

    /** The attention output projection of the merged heads {@code [t, d]} (or {@code [B, t, d]}). */
    protected abstract NDArray attnOut(int layer, NDArray z);

    /** The MLP of an already normalized input ({@code [t, d]} or {@code [B, t, d]}; rows are independent). */
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
            NDArray out = forward(pass, longs(tokens), 0, null, blocks, needed > config.nLayers(),
                    wantLogits ? Logits.ALL : Logits.NONE);
            float[] logits = out == null ? null : out.toFloatArray();
            return new RunResult(tokens.clone(), Collections.unmodifiableMap(pass.recorded), logits, config.vocabSize(), blocks);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One forward over all windows as a batch {@code [B, T_max, d]}. Shorter windows are padded on
     * the right; causal attention keeps every real position from seeing the padding after it, and
     * every other op works row by row, so a window's rows are what its own forward gives (the
     * matrix products differ only in how the library blocks them: float rounding). The padding's
     * rows are computed and dropped.
     */
    @Override
    public List<float[]> hookActivations(List<int[]> windows, String hook) {
        int needed = requireHook(hook);
        int b = windows.size();
        int t = 0;
        for (int[] w : windows) {
            checkTokens(w, 0);
            t = Math.max(t, w.length);
        }
        if (t == 0) {
            List<float[]> empty = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                empty.add(new float[0]);
            }
            return empty;
        }
        long[] ids = new long[b * t]; // padding is token 0, a valid id whose rows are thrown away
        for (int i = 0; i < b; i++) {
            int[] w = windows.get(i);
            for (int j = 0; j < w.length; j++) {
                ids[i * t + j] = w[j];
            }
        }
        lock.lock();
        try (NDManager sub = openSubManager()) {
            Pass pass = new Pass(sub, b * t, 0, Set.of(hook), Map.of());
            forward(pass, ids, b, null, Math.min(needed, config.nLayers()), needed > config.nLayers(), Logits.NONE);
            float[] all = pass.recorded.get(hook);
            int d = config.dModel();
            List<float[]> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                out.add(Arrays.copyOfRange(all, i * t * d, (i * t + windows.get(i).length) * d));
            }
            return out;
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
     * Runs {@code blocks} blocks over the token {@code ids} (absolute positions from
     * {@code pass.start}), then, if {@code finalNorm}, the final norm, and the logits {@code which}
     * asks for. Returns the logits, or null for {@link Logits#NONE}.
     *
     * <p>{@code batch} 0: {@code ids} is one sequence and activations are {@code [t, d]} (the only
     * form that takes a KV cache or last-token logits). {@code batch} B ≥ 1: {@code ids} is
     * {@code [B, t]} row-major, activations are {@code [B, t, d]} and hooks record them flattened
     * in that order.
     */
    private NDArray forward(Pass pass, long[] ids, int batch, KvCache cache, int blocks, boolean finalNorm, Logits which) {
        if (batch > 0 && (cache != null || which == Logits.LAST)) {
            throw new IllegalArgumentException("a batched forward takes no KV cache and no last-token logits");
        }
        NDManager sub = pass.sub;
        int t = batch > 0 ? ids.length / batch : ids.length;
        NDArray x = tokenEmbed(sub, sub.create(ids));
        if (batch > 0) {
            x = x.reshape(batch, t, config.dModel());
        }
        x = pass.at(HookKind.EMBED.name(0), x);
        NDArray pos = posEmbed(sub, pass.start, t);
        if (pos != null) {
            if (batch > 0 && pass.record.contains(HookKind.POS_EMBED.name(0))) {
                pos = pos.broadcast(batch, t, config.dModel()); // recorded per window, like every other hook
            }
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
            NDArray z = attend(qkv[0], keysT, values, mask, l, batch);
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

    /** Softmax(q·kᵀ·scale + mask)·v over heads, merged back to {@code [t, d]} ({@code [B, t, d]} for a batch). */
    private NDArray attend(NDArray q, NDArray keysT, NDArray values, NDArray mask, int layer, int batch) {
        long t = q.getShape().get(1);
        NDArray z = Ops.attention(q, keysT, values, mask, attnScale(layer)); // [H, t, dh] or [B·H, t, dh]
        if (batch > 0) {
            return Ops.mergeHeadsBatched(z, batch, config.nHeads());
        }
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
            return forward(pass, longs(tokens), 0, cache, config.nLayers(), true, Logits.LAST).toFloatArray();
        }
    }

    private static long[] longs(int[] tokens) {
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = tokens[i];
        }
        return ids;
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
