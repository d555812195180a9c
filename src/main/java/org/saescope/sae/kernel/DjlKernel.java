package org.saescope.sae.kernel;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.saescope.sae.SparseCodes;

/**
 * The fast kernel: the dense part of encode (raw = x · W_enc) is large SGEMMs in libtorch through
 * DJL, on the CPU or a CUDA device; everything per feature after it (bias, scale, activation, TopK
 * selection, sorting) is done in Java, reading libtorch's output through a zero-copy direct view of
 * its memory (no NDArray op and no bulk copy between the matmul and the selection), split over the
 * kernel threads. Decode is a gather of decoder rows in plain Java ({@link SparseDecoder}).
 *
 * <p>TopK multiplies each block of tokens by W_enc one column chunk at a time and selects from each
 * chunk's output while it is still in cache ({@link TopKBlock} carries every token's candidates
 * across chunks). At 768 × 24,576 this made the matmuls themselves about 15% faster than one
 * full-width matmul per block (a 16 MB output of 4,096 columns instead of 24 MB of all 24,576) and the selection cheaper,
 * since it no longer reads the output back from main memory. The element-wise architectures keep
 * full rows ({@link RowSelector}): their output per token is not bounded by k.
 *
 * <p>W_enc lives once, as NDArrays owned by this kernel's manager; each block's input and each
 * chunk's output live in sub-managers closed as soon as they are used. Used from one thread at a
 * time.
 */
public final class DjlKernel implements SaeKernel {
    /**
     * Most tokens per matmul on the full-row path: the SGEMM runs near peak from about 128 rows
     * on; beyond that, larger blocks only cost memory.
     */
    static final int MAX_BLOCK_TOKENS = 256;
    /**
     * Largest matmul output per call. glibc's malloc serves blocks below 32 MB from memory it
     * keeps after a free; larger ones are freshly mapped and page-faulted every time, which costs
     * more than 10% at dSae = 24576 with 512-token blocks.
     */
    static final long MAX_BLOCK_BYTES = 24L << 20;
    /** TopK: W_enc columns per matmul (measured best of 1024, 2048, 4096 and all 24,576). */
    static final int TOPK_CHUNK = 4096;
    /** TopK: tokens per block (1024 × 4096 floats = a 16 MB output per matmul; 512 measured 7–10% slower). */
    static final int TOPK_BLOCK_TOKENS = 1024;

    /** Tokens per block on the full-row path for this width: at most 256, and at most 24 MB of output. */
    static int blockTokensFor(int dSae) {
        return blockTokens(MAX_BLOCK_TOKENS, dSae);
    }

    private static int blockTokens(int most, int width) {
        long fit = MAX_BLOCK_BYTES / (4L * width);
        return (int) Math.max(1, Math.min(most, fit));
    }

    private static int defaultChunk(EncoderSpec spec) {
        return spec.arch() == Arch.TOPK ? Math.min(spec.dSae(), TOPK_CHUNK) : spec.dSae();
    }

    private static int defaultBlock(EncoderSpec spec) {
        return spec.arch() == Arch.TOPK
                ? blockTokens(TOPK_BLOCK_TOKENS, defaultChunk(spec))
                : blockTokensFor(spec.dSae());
    }

    /** Tokens per piece of a chunk's selection that a worker claims (see KernelThreads#shareWork). */
    private static final int SHARE_PIECE = 16;

    private final EncoderSpec spec;
    private final Device device;
    private final NDManager manager;
    /** W_enc's column chunks, [dIn, chunkStart[c + 1] - chunkStart[c]] each; one chunk unless TopK. */
    private final NDArray[] wChunks;
    private final int[] chunkStart;
    private final SparseDecoder decoder;
    private final int blockTokens;
    /** The TopK selection state (null for the element-wise architectures). */
    private final TopKBlock topK;
    /** max_j Σ_i |W_enc[i, j]| (∞ if W_enc holds a non-finite value), for {@link #provablyFinite}. */
    private final double maxColumnL1;
    /** Largest |b_enc| and |preScale| (TopK only; 0 and 1 otherwise). */
    private final double maxBias;
    private final double maxScale;
    /** Tokens that were selected a second time because their floor was too high (for tests). */
    private long selectedAgain;

    public DjlKernel(EncoderSpec spec, Device device) {
        this(spec, device, defaultBlock(spec), defaultChunk(spec));
    }

    /** A CPU kernel. */
    public DjlKernel(EncoderSpec spec) {
        this(spec, Device.cpu());
    }

    /** With a chosen block size (tests use small ones to cross block boundaries). */
    DjlKernel(EncoderSpec spec, Device device, int blockTokens) {
        this(spec, device, blockTokens, defaultChunk(spec));
    }

    /**
     * With a chosen block size and, for TopK, W_enc column chunk width (tests use small ones to
     * cross chunk boundaries; the other architectures always use full rows).
     */
    DjlKernel(EncoderSpec spec, Device device, int blockTokens, int chunkWidth) {
        if (blockTokens <= 0 || chunkWidth <= 0) {
            throw new IllegalArgumentException("block and chunk sizes must be positive, got " + blockTokens
                    + " and " + chunkWidth);
        }
        int width = spec.arch() == Arch.TOPK ? Math.min(chunkWidth, spec.dSae()) : spec.dSae();
        int chunks = (spec.dSae() + width - 1) / width;
        // Keep the spec without W_enc: after the upload libtorch holds the only copy we need.
        this.spec = spec.withoutEncoder();
        this.device = device;
        this.blockTokens = blockTokens;
        this.decoder = new SparseDecoder(spec.wDec(), spec.dIn());
        this.maxColumnL1 = maxColumnL1(spec);
        this.maxBias = maxAbs(spec.arch() == Arch.TOPK ? spec.bEnc() : null, 0);
        this.maxScale = maxAbs(spec.preScale(), 1);
        this.chunkStart = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) {
            chunkStart[c] = Math.min(spec.dSae(), c * width);
        }
        this.topK = spec.arch() == Arch.TOPK
                ? new TopKBlock(this.spec, blockTokens)
                : null;
        this.manager = NDManager.newBaseManager(device);
        this.wChunks = new NDArray[chunks];
        try {
            for (int c = 0; c < chunks; c++) {
                wChunks[c] = manager.create(FloatBuffer.wrap(columns(spec, c)),
                        new Shape(spec.dIn(), chunkStart[c + 1] - chunkStart[c]), DataType.FLOAT32);
            }
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /** Chunk c of W_enc as its own row-major [dIn, width] array (W_enc itself when there is one chunk). */
    private float[] columns(EncoderSpec full, int c) {
        int from = chunkStart[c];
        int width = chunkStart[c + 1] - from;
        if (width == full.dSae()) {
            return full.wEnc();
        }
        float[] w = new float[Math.multiplyExact(full.dIn(), width)];
        for (int i = 0; i < full.dIn(); i++) {
            System.arraycopy(full.wEnc(), i * full.dSae() + from, w, i * width, width);
        }
        return w;
    }

    @Override
    public float[] encoderWeights() {
        if (wChunks.length == 1) {
            return wChunks[0].toFloatArray();
        }
        int dIn = spec.dIn();
        int dSae = spec.dSae();
        float[] w = new float[Math.multiplyExact(dIn, dSae)];
        for (int c = 0; c < wChunks.length; c++) {
            float[] part = wChunks[c].toFloatArray();
            int width = chunkStart[c + 1] - chunkStart[c];
            for (int i = 0; i < dIn; i++) {
                System.arraycopy(part, i * width, w, i * dSae + chunkStart[c], width);
            }
        }
        return w;
    }

    @Override
    public String name() {
        return device.isGpu() ? "djl-cuda" : "djl-cpu";
    }

    @Override
    public SparseCodes encode(float[] x, int n) {
        int dIn = spec.dIn();
        if (n < 0 || (long) n * dIn > x.length) {
            throw new IllegalArgumentException("x holds " + x.length + " floats, not " + n + " rows of " + dIn);
        }
        return topK != null ? encodeTopK(x, n) : encodeRows(x, n);
    }

    /** The element-wise architectures: one full-width matmul per block, then one selector pass per row. */
    private SparseCodes encodeRows(float[] x, int n) {
        int threads = KernelThreads.threads();
        RowSelector[] selectors = new RowSelector[threads];
        for (int w = 0; w < threads; w++) {
            selectors[w] = RowSelector.create(spec);
        }
        int dSae = spec.dSae();
        List<CodeBuffer> parts = new ArrayList<>();
        for (int start = 0; start < n; start += blockTokens) {
            int b = Math.min(blockTokens, n - start);
            boolean finite = provablyFinite(x, start * spec.dIn(), b * spec.dIn());
            CodeBuffer[] codes = new CodeBuffer[Math.min(threads, b)];
            try (NDManager sub = manager.newSubManager()) {
                FloatBuffer raw = multiply(sub, input(sub, x, start, b), 0);
                KernelThreads.parallelFor(b, threads, (part, from, to) -> {
                    CodeBuffer buf = new CodeBuffer(to - from, (to - from) * 64);
                    for (int t = from; t < to; t++) {
                        selectors[part].select(raw, t * dSae, finite, buf);
                    }
                    codes[part] = buf;
                });
            }
            parts.addAll(Arrays.asList(codes));
        }
        return CodeBuffer.concat(parts);
    }

    /**
     * TopK: each block chunk by chunk with floors ({@link TopKBlock}); the few tokens whose floor
     * was too high are selected again at the end, together, without one.
     */
    private SparseCodes encodeTopK(float[] x, int n) {
        IntStream.Builder below = IntStream.builder();
        SparseCodes codes = selectBlocks(x, n, below);
        int[] failed = below.build().toArray();
        if (failed.length == 0) {
            return codes;
        }
        selectedAgain += failed.length;
        int dIn = spec.dIn();
        float[] again = new float[Math.multiplyExact(failed.length, dIn)];
        for (int i = 0; i < failed.length; i++) {
            System.arraycopy(x, failed[i] * dIn, again, i * dIn, dIn);
        }
        return replaceRows(codes, failed, selectBlocks(again, failed.length, null));
    }

    /**
     * TopK codes of the n rows of x, block by block. With {@code failed}, tokens start from floors
     * and those below theirs are added to it and left empty; without, no floors (none fail).
     */
    private SparseCodes selectBlocks(float[] x, int n, IntStream.Builder failed) {
        List<CodeBuffer> parts = new ArrayList<>();
        for (int start = 0; start < n; start += blockTokens) {
            int b = Math.min(blockTokens, n - start);
            boolean[] ok = selectTopK(x, start, b, failed != null);
            CodeBuffer out = new CodeBuffer(b, b * spec.k());
            for (int t = 0; t < b; t++) {
                if (ok[t]) {
                    topK.emit(t, out);
                } else {
                    out.endToken(0);
                    failed.add(start + t);
                }
            }
            parts.add(out);
        }
        return CodeBuffer.concat(parts);
    }

    /**
     * Multiplies tokens [start, start + b) of x by every chunk of W_enc and scans each chunk's output
     * into {@link #topK}; returns which tokens finished (all of them when {@code floors} is false).
     */
    private boolean[] selectTopK(float[] x, int start, int b, boolean floors) {
        int dIn = spec.dIn();
        boolean finite = provablyFinite(x, start * dIn, b * dIn);
        double[] norms = rowNorms(x, start, b);
        topK.begin(b, finite, floors ? norms : null);
        boolean[] ok = new boolean[b];
        int threads = KernelThreads.threads();
        try (NDManager sub = manager.newSubManager()) {
            NDArray xb = input(sub, x, start, b);
            for (int c = 0; c < wChunks.length; c++) {
                int from = chunkStart[c];
                int width = chunkStart[c + 1] - from;
                boolean last = c == wChunks.length - 1;
                try (NDManager chunk = sub.newSubManager()) {
                    FloatBuffer raw = multiply(chunk, xb, c);
                    KernelThreads.shareWork(b, SHARE_PIECE, (part, lo, hi) -> {
                        for (int t = lo; t < hi; t++) {
                            topK.scan(t, raw, t * width, from, width);
                            if (last) {
                                ok[t] = topK.finish(t);
                            }
                        }
                    });
                }
            }
        }
        if (floors) {
            topK.learnFloor(norms, ok);
        }
        return ok;
    }

    /**
     * Runs only the dense part of {@link #encode} (the block matmuls, with the same blocks, chunks
     * and buffers) and discards the results: lets a benchmark tell the SGEMM from the selection.
     */
    public void multiplyOnly(float[] x, int n) {
        if (n < 0 || (long) n * spec.dIn() > x.length) {
            throw new IllegalArgumentException("x holds " + x.length + " floats, not " + n + " rows of " + spec.dIn());
        }
        for (int start = 0; start < n; start += blockTokens) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray xb = input(sub, x, start, Math.min(blockTokens, n - start));
                for (int c = 0; c < wChunks.length; c++) {
                    try (NDManager chunk = sub.newSubManager()) {
                        multiply(chunk, xb, c);
                    }
                }
            }
        }
    }

    /** How many tokens so far were selected a second time, without a floor (see {@link TopKBlock}). */
    long tokensSelectedAgain() {
        return selectedAgain;
    }

    /** Tokens [start, start + b) of x as a [b, dIn] NDArray of {@code sub}. */
    private NDArray input(NDManager sub, float[] x, int start, int b) {
        int dIn = spec.dIn();
        return sub.create(FloatBuffer.wrap(x, start * dIn, b * dIn).slice(), new Shape(b, dIn), DataType.FLOAT32);
    }

    /**
     * xb · (chunk c of W_enc), owned by {@code owner}; returns a zero-copy view of libtorch's memory
     * for the contiguous CPU result (a GPU result is first copied to the host), valid until
     * {@code owner} closes.
     */
    private FloatBuffer multiply(NDManager owner, NDArray xb, int chunk) {
        NDArray raw = xb.matMul(wChunks[chunk]);
        raw.attach(owner);
        return raw.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Each row's L2 norm (for TopK floors). */
    private double[] rowNorms(float[] x, int start, int b) {
        int dIn = spec.dIn();
        double[] norms = new double[b];
        for (int t = 0; t < b; t++) {
            double s = 0;
            int o = (start + t) * dIn;
            for (int i = 0; i < dIn; i++) {
                s += (double) x[o + i] * x[o + i];
            }
            norms[t] = Math.sqrt(s);
        }
        return norms;
    }

    /** {@code codes} with the rows of the given tokens (ascending) replaced by the rows of {@code fix}, in order. */
    private static SparseCodes replaceRows(SparseCodes codes, int[] tokens, SparseCodes fix) {
        int n = codes.tokens();
        int[] rowStart = new int[n + 1];
        int nnz = codes.nnz() + fix.nnz();
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        int pos = 0;
        int next = 0;
        for (int t = 0; t < n; t++) {
            SparseCodes from = codes;
            int row = t;
            if (next < tokens.length && tokens[next] == t) {
                from = fix;
                row = next++;
            }
            int len = from.count(row);
            System.arraycopy(from.indices(), from.start(row), idx, pos, len);
            System.arraycopy(from.values(), from.start(row), val, pos, len);
            pos += len;
            rowStart[t + 1] = pos;
        }
        return new SparseCodes(rowStart, Arrays.copyOf(idx, pos), Arrays.copyOf(val, pos));
    }

    /**
     * True when no pre-activation of these input rows can be NaN or infinite: the inputs are
     * finite and |pre| ≤ (max|x| · max_j Σ_i |W_enc[i, j]| + max|b|) · max|scale| stays far below
     * Float.MAX_VALUE. Every partial sum of any summation order obeys the same bound, so no
     * intermediate overflows either. Costs one pass over the block's inputs, not its outputs.
     */
    private boolean provablyFinite(float[] x, int from, int len) {
        float maxAbs = 0f;
        for (int i = from; i < from + len; i++) {
            float a = Math.abs(x[i]);
            // Written so that a NaN sticks (every later comparison with it is false); NaN and ∞
            // both fail the final comparison.
            if (!(a <= maxAbs)) {
                maxAbs = a;
            }
        }
        return (maxAbs * maxColumnL1 + maxBias) * maxScale < 1e37;
    }

    private static double maxColumnL1(EncoderSpec spec) {
        double[] col = new double[spec.dSae()];
        float[] w = spec.wEnc();
        for (int i = 0; i < spec.dIn(); i++) {
            int row = i * spec.dSae();
            for (int j = 0; j < col.length; j++) {
                col[j] += Math.abs(w[row + j]);
            }
        }
        double m = 0;
        for (double c : col) {
            m = Math.max(m, c);
        }
        return m;
    }

    private static double maxAbs(float[] a, double ifNull) {
        if (a == null) {
            return ifNull;
        }
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Override
    public float[] decode(SparseCodes codes) {
        return decoder.decode(codes);
    }

    @Override
    public void close() {
        manager.close();
    }
}
