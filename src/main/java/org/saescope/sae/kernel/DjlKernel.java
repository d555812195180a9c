package org.saescope.sae.kernel;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.saescope.sae.SparseCodes;

/**
 * The fast kernel: the dense part of encode (raw = x · W_enc) is one large SGEMM per block of
 * tokens in libtorch through DJL, on the CPU or a CUDA device; everything per feature after it
 * (bias, scale, activation, TopK selection, sorting) is done in Java by {@link RowSelector}s, one
 * pass per token over libtorch's output, which is read through a zero-copy direct view of its
 * memory (no NDArray op and no bulk copy between the matmul and the selection), split over the
 * kernel threads. Decode is a gather of decoder rows in plain Java ({@link SparseDecoder}).
 *
 * <p>W_enc lives once as an NDArray owned by this kernel's manager; each block's input and output
 * live in a sub-manager closed when the block is done. Used from one thread at a time.
 */
public final class DjlKernel implements SaeKernel {
    /**
     * Most tokens per matmul: the SGEMM runs near peak from about 128 rows on; beyond that, larger
     * blocks only cost memory.
     */
    static final int MAX_BLOCK_TOKENS = 256;
    /**
     * Largest matmul output per block. glibc's malloc serves blocks below 32 MB from memory it
     * keeps after a free; larger ones are freshly mapped and page-faulted every time, which costs
     * more than 10% at dSae = 24576 with 512-token blocks.
     */
    static final long MAX_BLOCK_BYTES = 24L << 20;

    /** Tokens per block for this width: at most 256, and at most 24 MB of output. */
    static int blockTokensFor(int dSae) {
        long fit = MAX_BLOCK_BYTES / (4L * dSae);
        return (int) Math.max(1, Math.min(MAX_BLOCK_TOKENS, fit));
    }

    private final EncoderSpec spec;
    private final Device device;
    private final NDManager manager;
    private final NDArray wEnc;
    private final SparseDecoder decoder;
    private final int blockTokens;
    private final boolean pipelined;
    /** max_j Σ_i |W_enc[i, j]| (∞ if W_enc holds a non-finite value), for {@link #provablyFinite}. */
    private final double maxColumnL1;
    /** Largest |b_enc| and |preScale| (TopK only; 0 and 1 otherwise). */
    private final double maxBias;
    private final double maxScale;

    /**
     * System property that turns on overlapping the selection of one block with the matmul of the
     * next ({@code -Dsaescope.kernel.pipeline=true}). Off by default: on the 2-core machine this
     * was built on, the two could not be told apart reliably (see the kernel branch's report).
     */
    public static final String PIPELINE_PROPERTY = "saescope.kernel.pipeline";

    public DjlKernel(EncoderSpec spec, Device device) {
        this(spec, device, blockTokensFor(spec.dSae()), Boolean.getBoolean(PIPELINE_PROPERTY));
    }

    /** With a chosen block size (tests use small ones to cross block boundaries). */
    DjlKernel(EncoderSpec spec, Device device, int blockTokens) {
        this(spec, device, blockTokens, false);
    }

    DjlKernel(EncoderSpec spec, Device device, int blockTokens, boolean pipelined) {
        if (blockTokens <= 0) {
            throw new IllegalArgumentException("block size must be positive, got " + blockTokens);
        }
        // Keep the spec without W_enc: after the upload libtorch holds the only copy we need.
        this.spec = spec.withoutEncoder();
        this.device = device;
        this.blockTokens = blockTokens;
        this.pipelined = pipelined;
        this.decoder = new SparseDecoder(spec.wDec(), spec.dIn());
        this.maxColumnL1 = maxColumnL1(spec);
        this.maxBias = maxAbs(spec.arch() == Arch.TOPK ? spec.bEnc() : null, 0);
        this.maxScale = maxAbs(spec.preScale(), 1);
        this.manager = NDManager.newBaseManager(device);
        try {
            this.wEnc = manager.create(FloatBuffer.wrap(spec.wEnc()), new Shape(spec.dIn(), spec.dSae()),
                    DataType.FLOAT32);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public float[] encoderWeights() {
        return wEnc.toFloatArray();
    }

    /** A CPU kernel. */
    public DjlKernel(EncoderSpec spec) {
        this(spec, Device.cpu());
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
        int threads = KernelThreads.threads();
        RowSelector[] selectors = new RowSelector[threads];
        for (int w = 0; w < threads; w++) {
            selectors[w] = RowSelector.create(spec);
        }
        List<CodeBuffer> parts = new ArrayList<>();
        if (pipelined) {
            encodePipelined(x, n, selectors, parts);
        } else {
            for (int start = 0; start < n; start += blockTokens) {
                try (Block block = multiply(x, start, Math.min(blockTokens, n - start))) {
                    KernelThreads.parallelFor(block.tokens, threads, block.selection(selectors));
                    block.addTo(parts);
                }
            }
        }
        return CodeBuffer.concat(parts);
    }

    /**
     * The selection of block i runs on the pool while this thread runs the matmul of block i+1.
     * On 2 cores both compete for the same cores (libtorch's 2 threads plus 2 selection threads),
     * so whether it helps depends on the machine; see {@link #PIPELINE_PROPERTY}.
     */
    private void encodePipelined(float[] x, int n, RowSelector[] selectors, List<CodeBuffer> parts) {
        Block pending = null;
        List<Future<?>> running = null;
        try {
            for (int start = 0; start < n; start += blockTokens) {
                Block next = multiply(x, start, Math.min(blockTokens, n - start));
                if (pending != null) {
                    KernelThreads.joinAll(running);
                    running = null;
                    pending.close();
                    pending.addTo(parts);
                }
                pending = next;
                running = KernelThreads.forkAll(next.tokens, selectors.length, next.selection(selectors));
            }
            if (pending != null) {
                KernelThreads.joinAll(running);
                running = null;
                pending.addTo(parts);
            }
        } finally {
            if (running != null) {
                KernelThreads.joinAllQuietly(running);
            }
            if (pending != null) {
                pending.close();
            }
        }
    }

    /**
     * Runs only the dense part of {@link #encode} (the block matmuls, with the same blocks and
     * buffers) and discards the results: lets a benchmark tell the SGEMM from the selection.
     */
    public void multiplyOnly(float[] x, int n) {
        if (n < 0 || (long) n * spec.dIn() > x.length) {
            throw new IllegalArgumentException("x holds " + x.length + " floats, not " + n + " rows of " + spec.dIn());
        }
        for (int start = 0; start < n; start += blockTokens) {
            try (Block ignored = multiply(x, start, Math.min(blockTokens, n - start))) {
                // only the matmul is wanted
            }
        }
    }

    /** Runs the matmul of one block of tokens; the result lives until the block is closed. */
    private Block multiply(float[] x, int start, int b) {
        int dIn = spec.dIn();
        NDManager sub = manager.newSubManager();
        try {
            NDArray xb = sub.create(FloatBuffer.wrap(x, start * dIn, b * dIn).slice(), new Shape(b, dIn),
                    DataType.FLOAT32);
            NDArray raw = xb.matMul(wEnc);
            // Zero-copy view of libtorch's memory for a contiguous CPU tensor (a GPU result is
            // first copied to the host); valid while `raw` is open, i.e. until the block closes.
            FloatBuffer out = raw.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
            return new Block(sub, out, b, provablyFinite(x, start * dIn, b * dIn));
        } catch (RuntimeException | Error e) {
            sub.close();
            throw e;
        }
    }

    /** One block's raw encoder outputs (in native memory) and the codes selected from them. */
    private final class Block implements AutoCloseable {
        final NDManager sub;
        final FloatBuffer raw;
        final int tokens;
        final boolean finite;
        final CodeBuffer[] codes;

        Block(NDManager sub, FloatBuffer raw, int tokens, boolean finite) {
            this.sub = sub;
            this.raw = raw;
            this.tokens = tokens;
            this.finite = finite;
            this.codes = new CodeBuffer[Math.min(KernelThreads.threads(), tokens)];
        }

        /** Selection of tokens [from, to) of this block by worker {@code part}. */
        KernelThreads.RangeTask selection(RowSelector[] selectors) {
            int dSae = spec.dSae();
            int expectedPairs = spec.arch() == Arch.TOPK ? spec.k() : 64;
            return (part, from, to) -> {
                CodeBuffer buf = new CodeBuffer(to - from, (to - from) * expectedPairs);
                RowSelector sel = selectors[part];
                for (int t = from; t < to; t++) {
                    sel.select(raw, t * dSae, finite, buf);
                }
                codes[part] = buf;
            };
        }

        void addTo(List<CodeBuffer> parts) {
            for (CodeBuffer c : codes) {
                parts.add(c);
            }
        }

        @Override
        public void close() {
            sub.close();
        }
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
