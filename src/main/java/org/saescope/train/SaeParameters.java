package org.saescope.train;

import org.saescope.sae.kernel.Arch;
import org.saescope.sae.kernel.EncoderSpec;

/**
 * An SAE's parameters as plain arrays, laid out as SAELens stores them: {@code wEnc} [dIn, dSae],
 * {@code wDec} [dSae, dIn] (one row per latent), {@code bEnc} [dSae], {@code bDec} [dIn] and, for
 * JumpReLU only, {@code threshold} [dSae] (exp of the trained log-threshold); null otherwise.
 * The arrays are shared, not copied.
 */
public record SaeParameters(int dIn, int dSae, float[] wEnc, float[] bEnc, float[] wDec, float[] bDec,
                         float[] threshold) {
    public SaeParameters {
        long n = (long) dIn * dSae;
        if (wEnc.length != n || wDec.length != n || bEnc.length != dSae || bDec.length != dIn
                || (threshold != null && threshold.length != dSae)) {
            throw new IllegalArgumentException("weights do not match d_in " + dIn + " x d_sae " + dSae);
        }
    }

    /**
     * The encoder of these weights for an {@code org.saescope.sae.kernel.SaeKernel}: TopK without
     * decoder-norm rescaling, as training ranked latents (with unit-norm decoder rows).
     */
    public EncoderSpec encoderSpec(Arch arch, int k) {
        return new EncoderSpec(arch, dIn, dSae, wEnc, wDec, bEnc,
                arch == Arch.JUMPRELU ? threshold : null, null, null, null,
                arch == Arch.TOPK ? k : 0, null);
    }
}
