package org.saescope.lab;

/** The two SAE recipes the lab offers for recovering toy features. */
public enum ToySaeArch {
    /** f = ReLU(pre) with an L1 penalty λ Σ_j f_j on the codes (Sharkey et al. 2022). */
    RELU_L1,
    /** f keeps the k largest pre-activations (after ReLU), no sparsity penalty (Gao et al. 2024). */
    TOPK
}
