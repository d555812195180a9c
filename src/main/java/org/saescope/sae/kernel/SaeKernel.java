package org.saescope.sae.kernel;

import org.saescope.sae.SparseCodes;

/**
 * The compute seam of an SAE: batched encode to sparse codes and sparse decode. Kept this small
 * so another backend (a GPU, a vector-API kernel) can be added beside the CPU ones.
 * A kernel is used from one thread at a time.
 */
public interface SaeKernel extends AutoCloseable {
    /** A short name for logs and benchmarks, e.g. {@code "djl-cpu"}. */
    String name();

    /** Encodes n preprocessed rows x [n, dIn] into sparse codes (see {@link EncoderSpec}). */
    SparseCodes encode(float[] x, int n);

    /** W_enc [dIn, dSae] row-major as this kernel holds it (a copy where it lives off-heap). */
    float[] encoderWeights();

    /** Σ_f a_f · W_dec[f] for each token, without any bias: [tokens, dIn] row-major. */
    float[] decode(SparseCodes codes);

    @Override
    void close();
}
