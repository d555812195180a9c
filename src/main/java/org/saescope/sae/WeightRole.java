package org.saescope.sae;

/** The canonical weights of an SAE, whatever a format calls them. */
enum WeightRole {
    /** [dIn, dSae]. */
    W_ENC,
    /** [dSae, dIn]. */
    W_DEC,
    /** [dSae]. */
    B_ENC,
    /** [dIn]. */
    B_DEC,
    /** [dSae], or a scalar broadcast to every feature. */
    THRESHOLD,
    /** [dSae]. */
    B_GATE,
    /** [dSae]. */
    R_MAG,
    /** [dSae]. */
    B_MAG
}
