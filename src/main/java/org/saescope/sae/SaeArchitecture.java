package org.saescope.sae;

import org.saescope.sae.kernel.Arch;

/**
 * SAE architectures by their SAELens v6 names. BatchTopK has no inference form of its own: SAELens
 * saves it as a JumpReLU SAE with one threshold for every feature, and so does SAEscope run it.
 */
public enum SaeArchitecture {
    STANDARD("standard", Arch.RELU),
    GATED("gated", Arch.GATED),
    JUMPRELU("jumprelu", Arch.JUMPRELU),
    TOPK("topk", Arch.TOPK),
    BATCHTOPK("batchtopk", Arch.JUMPRELU);

    private final String id;
    private final Arch kernelArch;

    SaeArchitecture(String id, Arch kernelArch) {
        this.id = id;
        this.kernelArch = kernelArch;
    }

    /** The SAELens name, e.g. {@code "jumprelu"}. */
    public String id() {
        return id;
    }

    /** The activation the kernel computes at inference. */
    public Arch kernelArch() {
        return kernelArch;
    }

    /** The architecture for a SAELens name, or null when SAEscope does not know it. */
    public static SaeArchitecture fromId(String id) {
        for (SaeArchitecture a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        return null;
    }
}
