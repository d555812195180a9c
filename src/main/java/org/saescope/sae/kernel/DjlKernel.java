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
import org.saescope.sae.SparseCodes;

/**
 * The fast kernel: the dense part of encode (raw = x · W_enc) is one large SGEMM per block of
 * tokens in libtorch through DJL, on the CPU or a CUDA device; everything per feature after it
 * (bias, scale, activation, TopK selection, sorting) is fused into one Java pass per token over
 * libtorch's output, read in place through a direct buffer, split over the kernel threads.
 * Decode is a gather of decoder rows in plain Java ({@link SparseDecoder}).
 *
 * <p>W_enc lives once as an NDArray owned by this kernel's manager; each block's input and output
 * live in a sub-manager closed when the block is done. Used from one thread at a time.
 */
public final class DjlKernel implements SaeKernel {
    /**
     * Tokens per matmul. Large enough that the SGEMM runs near peak, small enough that the output
     * block (256 · dSae floats, 25 MB at dSae = 24576) is reused by the allocator rather than
     * freshly mapped and page-faulted each time.
     */
    static final int DEFAULT_BLOCK_TOKENS = 256;

    private final EncoderSpec spec;
    private final Device device;
    private final NDManager manager;
    private final NDArray wEnc;
    private final SparseDecoder decoder;
    private final int blockTokens;

    public DjlKernel(EncoderSpec spec, Device device) {
        this(spec, device, DEFAULT_BLOCK_TOKENS);
    }

    /** With a chosen block size (tests use small ones to cross block boundaries). */
    DjlKernel(EncoderSpec spec, Device device, int blockTokens) {
        if (blockTokens <= 0) {
            throw new IllegalArgumentException("block size must be positive, got " + blockTokens);
        }
        this.spec = spec;
        this.device = device;
        this.blockTokens = blockTokens;
        this.decoder = new SparseDecoder(spec.wDec(), spec.dIn());
        this.manager = NDManager.newBaseManager(device);
        try {
            this.wEnc = manager.create(FloatBuffer.wrap(spec.wEnc()), new Shape(spec.dIn(), spec.dSae()),
                    DataType.FLOAT32);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
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
        int dSae = spec.dSae();
        if (n < 0 || (long) n * dIn > x.length) {
            throw new IllegalArgumentException("x holds " + x.length + " floats, not " + n + " rows of " + dIn);
        }
        int threads = KernelThreads.threads();
        int expectedPairs = spec.arch() == Arch.TOPK ? spec.k() : 64;
        List<CodeBuffer> parts = new ArrayList<>();
        RowSelector[] selectors = new RowSelector[threads];
        float[][] rows = new float[threads][];
        for (int w = 0; w < threads; w++) {
            selectors[w] = RowSelector.create(spec);
            rows[w] = new float[dSae];
        }
        for (int start = 0; start < n; start += blockTokens) {
            int b = Math.min(blockTokens, n - start);
            try (NDManager sub = manager.newSubManager()) {
                NDArray xb = sub.create(FloatBuffer.wrap(x, start * dIn, b * dIn).slice(), new Shape(b, dIn),
                        DataType.FLOAT32);
                NDArray raw = xb.matMul(wEnc);
                // Zero-copy view of libtorch's memory for a contiguous CPU tensor (a GPU result
                // is first copied to the host); valid while `raw` is open, i.e. in this block.
                FloatBuffer out = raw.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
                int blockParts = Math.min(threads, b);
                CodeBuffer[] blockBuffers = new CodeBuffer[blockParts];
                KernelThreads.parallelFor(b, blockParts, (w, from, to) -> {
                    CodeBuffer buf = new CodeBuffer(to - from, (to - from) * expectedPairs);
                    float[] row = rows[w];
                    RowSelector sel = selectors[w];
                    for (int t = from; t < to; t++) {
                        out.get(t * dSae, row, 0, dSae);
                        sel.select(row, buf);
                    }
                    blockBuffers[w] = buf;
                });
                for (CodeBuffer buf : blockBuffers) {
                    parts.add(buf);
                }
            }
        }
        return CodeBuffer.concat(parts);
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
