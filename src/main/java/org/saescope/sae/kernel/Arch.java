package org.saescope.sae.kernel;

/** The activation functions of SAE architectures, as SAELens v6 computes them. */
public enum Arch {
    /** ReLU(pre), pre = raw + b_enc. */
    RELU,
    /** pre if pre > threshold[j] and pre > 0, else 0 (JumpReLU; BatchTopK at inference too). */
    JUMPRELU,
    /** (raw + b_gate > 0) · ReLU(raw · exp(r_mag) + b_mag). */
    GATED,
    /** top-k of pre (pre scaled by the decoder row norm when rescaling), then ReLU. */
    TOPK
}
