package org.saescope.sae;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.saescope.sae.kernel.EncoderSpec;
import org.saescope.sae.kernel.SaeKernel;
import org.saescope.tensor.BadInputException;

/**
 * A loaded sparse autoencoder: its config, its decoder-side weights and a kernel that holds the
 * encoder. Encode and decode follow SAELens v6 exactly (sae_lens/saes/sae.py and the
 * per-architecture files):
 * <pre>
 *   encode:  x' = normalise(x);  x' -= b_dec  (if apply_b_dec_to_input);  a = kernel(x')
 *   decode:  a' = a / ‖W_dec[f]‖  (TopK with rescale_acts_by_decoder_norm only)
 *            y = a' · W_dec + b_dec;  y = denormalise(y)
 * </pre>
 * W_enc lives only in the kernel (libtorch's memory for the DJL kernel; {@link #wEnc()} copies it
 * out), so a loaded f32 SAE takes about the size of its file. Arrays returned by accessors named after a
 * weight are shared, not copied: callers must not modify them. Like its kernel, an Sae is used
 * from one thread at a time.
 */
public final class Sae implements AutoCloseable {
    private final SaeConfig config;
    private final SaeWeights weights;
    private final EncoderSpec spec;
    private final SaeKernel kernel;
    private final ActivationNormalizer normalizer;
    /** ‖W_dec[f]‖ as float, for TopK rescaling; null otherwise. */
    private final float[] rescaleNorms;
    private double[] decoderNorms;
    private String sha256;

    Sae(SaeConfig config, SaeWeights weights, Function<EncoderSpec, SaeKernel> kernels) {
        this.config = config;
        // W_enc goes to the kernel only; this Sae keeps the decoder side (see the class comment).
        this.weights = new SaeWeights(null, weights.wDec(), weights.bEnc(), weights.bDec(), weights.threshold(),
                weights.bGate(), weights.rMag(), weights.bMag(), weights.logSparsity(), weights.weightsFile(),
                weights.warnings());
        boolean rescale = config.architecture() == SaeArchitecture.TOPK && config.rescaleActsByDecoderNorm();
        this.rescaleNorms = rescale ? toFloats(computeDecoderNorms()) : null;
        float[] rMagExp = null;
        if (weights.rMag() != null) {
            rMagExp = new float[config.dSae()];
            for (int j = 0; j < rMagExp.length; j++) {
                rMagExp[j] = (float) Math.exp(weights.rMag()[j]);
            }
        }
        EncoderSpec full = new EncoderSpec(config.architecture().kernelArch(), config.dIn(), config.dSae(),
                weights.wEnc(), weights.wDec(), weights.bEnc(), weights.threshold(), weights.bGate(),
                rMagExp, weights.bMag(), config.architecture() == SaeArchitecture.TOPK ? config.k() : 0,
                rescaleNorms);
        this.normalizer = new ActivationNormalizer(config.normalizeActivations(), config.dIn(),
                config.normScalingFactor());
        this.kernel = kernels.apply(full);
        this.spec = full.withoutEncoder();
    }

    /** Sparse codes plus the normalisation state that {@link #decode} needs to undo. */
    public record Encoded(SparseCodes codes, NormState state) {
    }

    public SaeConfig config() {
        return config;
    }

    /** Problems found while loading that did not stop it (NaN/Inf weights, ignored settings…). */
    public List<String> warnings() {
        return weights.warnings();
    }

    /** The kernel's name, e.g. "reference". */
    public String kernelName() {
        return kernel.name();
    }

    /**
     * Feature activations of raw model activations x [n, dIn] (row-major), as SAELens
     * {@code sae.encode(x)} returns them, in sparse form. x is not modified.
     */
    public SparseCodes encode(float[] x, int n) {
        return encodeWithState(x, n).codes();
    }

    /** As {@link #encode}, also returning the per-token normalisation state for {@link #decode}. */
    public Encoded encodeWithState(float[] x, int n) {
        int dIn = config.dIn();
        if (n < 0 || x.length != (long) n * dIn) {
            throw new IllegalArgumentException("expected " + n + " x " + dIn + " values, got " + x.length);
        }
        float[] in = x.clone();
        NormState state = normalizer.normalize(in, n);
        if (config.applyBDecToInput()) {
            float[] bDec = weights.bDec();
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < dIn; i++) {
                    in[t * dIn + i] -= bDec[i];
                }
            }
        }
        return new Encoded(kernel.encode(in, n), state);
    }

    /**
     * SAELens {@code sae.decode(feature_acts)}: [tokens, dIn] in the model's activation space.
     * {@code state} is what {@link #encodeWithState} returned for these tokens; it may be null
     * only when the SAE has no per-token normalisation.
     */
    public float[] decode(SparseCodes codes, NormState state) {
        int n = codes.tokens();
        if (state == null) {
            if (config.hasPerTokenNormalization()) {
                throw new IllegalArgumentException("this SAE normalises each token ("
                        + config.normalizeActivations().id() + "): decode needs the state from encodeWithState");
            }
            state = NormState.stateless(config.normalizeActivations(), n);
        }
        SparseCodes c = rescaleNorms == null ? codes : divideByNorms(codes);
        float[] y = kernel.decode(c);
        int dIn = config.dIn();
        float[] bDec = weights.bDec();
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < dIn; i++) {
                y[t * dIn + i] += bDec[i];
            }
        }
        normalizer.denormalize(y, n, state);
        return y;
    }

    /** SAELens {@code sae(x)}: decode(encode(x)) with the normalisation undone; [n, dIn]. */
    public float[] reconstruct(float[] x, int n) {
        Encoded e = encodeWithState(x, n);
        return decode(e.codes(), e.state());
    }

    private SparseCodes divideByNorms(SparseCodes codes) {
        float[] v = codes.values().clone();
        int[] idx = codes.indices();
        for (int p = 0; p < v.length; p++) {
            v[p] = v[p] * (1f / rescaleNorms[idx[p]]); // SAELens: feature_acts * (1 / W_dec.norm(dim=-1))
        }
        return new SparseCodes(codes.rowStart(), idx, v);
    }

    /** A copy of feature f's decoder direction W_dec[f] (length dIn). */
    public float[] decoderRow(int f) {
        int dIn = config.dIn();
        float[] row = new float[dIn];
        System.arraycopy(weights.wDec(), f * dIn, row, 0, dIn);
        return row;
    }

    /** ‖W_dec[f]‖ for every feature, computed in double (a copy). */
    public synchronized double[] decoderNorms() {
        if (decoderNorms == null) {
            decoderNorms = computeDecoderNorms();
        }
        return decoderNorms.clone();
    }

    private double[] computeDecoderNorms() {
        int dIn = config.dIn();
        float[] w = weights.wDec();
        double[] norms = new double[config.dSae()];
        for (int f = 0; f < norms.length; f++) {
            double ss = 0;
            for (int i = f * dIn; i < (f + 1) * dIn; i++) {
                ss += (double) w[i] * w[i];
            }
            norms[f] = Math.sqrt(ss);
        }
        return norms;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** W_dec [dSae, dIn] row-major (shared). */
    public float[] wDec() {
        return weights.wDec();
    }

    /** W_enc [dIn, dSae] row-major, from the kernel (a fresh copy where the kernel keeps it off-heap). */
    public float[] wEnc() {
        return kernel.encoderWeights();
    }

    /** b_dec [dIn] (shared). */
    public float[] bDec() {
        return weights.bDec();
    }

    /** b_enc [dSae] (shared); null for gated SAEs, which have b_gate and b_mag instead. */
    public float[] bEnc() {
        return weights.bEnc();
    }

    /** JumpReLU / BatchTopK threshold per feature (shared), else null. */
    public float[] threshold() {
        return weights.threshold();
    }

    /** Gated: b_gate, r_mag, b_mag (shared), else null. */
    public float[] bGate() {
        return weights.bGate();
    }

    public float[] rMag() {
        return weights.rMag();
    }

    public float[] bMag() {
        return weights.bMag();
    }

    /** SAELens sparsity.safetensors: log10 firing frequency per feature (shared), or null. */
    public float[] logSparsity() {
        return weights.logSparsity();
    }

    /** What the kernel was built from, without W_enc (see {@link #wEnc()}). */
    public EncoderSpec encoderSpec() {
        return spec;
    }

    /** The file the weights were read from. */
    public Path weightsFile() {
        return weights.weightsFile();
    }

    /**
     * SHA-256 (lowercase hex) of the weights file, computed on first use. Feature indexes and
     * labels are tied to it, so they are never shown against a different SAE.
     */
    public synchronized String weightsSha256() {
        if (sha256 == null) {
            sha256 = sha256Of(weights.weightsFile());
        }
        return sha256;
    }

    /** SHA-256 (lowercase hex) of a file, as {@link #weightsSha256()} computes it; for tools that only need the identity. */
    public static String sha256Of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read the weights file: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    @Override
    public void close() {
        kernel.close();
    }
}
