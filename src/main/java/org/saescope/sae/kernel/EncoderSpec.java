package org.saescope.sae.kernel;

/**
 * Everything a kernel needs to turn preprocessed input rows into sparse codes. The input to a
 * kernel has already been normalised and had b_dec subtracted (when the SAE asks for it); the
 * kernel computes raw = x · W_enc and applies the architecture's activation per feature j:
 * <ul>
 *   <li>RELU: a = max(0, raw + bEnc[j])</li>
 *   <li>JUMPRELU: pre = raw + bEnc[j]; a = (pre &gt; threshold[j] &amp;&amp; pre &gt; 0) ? pre : 0</li>
 *   <li>GATED: a = (raw + bGate[j] &gt; 0) ? max(0, raw · rMagExp[j] + bMag[j]) : 0</li>
 *   <li>TOPK: pre = (raw + bEnc[j]) · (preScale == null ? 1 : preScale[j]); keep the k largest
 *       pre (ties: lower index first), then a = max(0, pre)</li>
 * </ul>
 *
 * @param wEnc    encoder weights [dIn, dSae], row-major (feature index fastest); null in the slim
 *                copy a kernel keeps once it holds the encoder itself ({@link #withoutEncoder()})
 * @param wDec    decoder weights [dSae, dIn], row-major (one row per feature)
 * @param bEnc    [dSae] (RELU, JUMPRELU, TOPK); null for GATED
 * @param threshold [dSae] (JUMPRELU) else null
 * @param bGate   [dSae] (GATED) else null
 * @param rMagExp exp(r_mag) [dSae] (GATED) else null
 * @param bMag    [dSae] (GATED) else null
 * @param k       TOPK k, else 0
 * @param preScale TOPK with rescale_acts_by_decoder_norm: ‖W_dec[j]‖, else null
 */
public record EncoderSpec(Arch arch, int dIn, int dSae, float[] wEnc, float[] wDec, float[] bEnc,
                          float[] threshold, float[] bGate, float[] rMagExp, float[] bMag, int k,
                          float[] preScale) {
    public EncoderSpec {
        long n = (long) dIn * dSae;
        if ((wEnc != null && wEnc.length != n) || wDec.length != n) {
            throw new IllegalArgumentException("weights do not match dIn x dSae");
        }
        if (arch == Arch.TOPK && (k <= 0 || k > dSae)) {
            throw new IllegalArgumentException("TopK needs 0 < k <= dSae, got " + k);
        }
    }

    /**
     * This spec without W_enc: what a kernel that has copied the encoder elsewhere (libtorch) keeps,
     * so the Java copy can be collected — a 768 × 24,576 encoder is 75 MB.
     */
    public EncoderSpec withoutEncoder() {
        return new EncoderSpec(arch, dIn, dSae, null, wDec, bEnc, threshold, bGate, rMagExp, bMag, k, preScale);
    }
}
