package org.saescope.sae.kernel;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.saescope.tensor.BadInputException;

/** Chooses a kernel by the name users type: {@code cpu}, {@code cuda} or {@code reference}. */
public final class SaeKernels {
    /**
     * System property: how many threads the CPU kernels may use (default: one per available
     * processor). Read once, when the first kernel runs.
     */
    public static final String THREADS_PROPERTY = "saescope.kernel.threads";

    private SaeKernels() {
    }

    /**
     * @param device "cpu" (DJL on the CPU), "cuda" (DJL on the first GPU; refused when DJL sees
     *               none) or "reference" (the plain-Java yardstick)
     * @throws BadInputException for an unknown device name or "cuda" without a GPU
     */
    public static SaeKernel create(EncoderSpec spec, String device) {
        String d = device == null ? "" : device.trim().toLowerCase(Locale.ROOT);
        switch (d) {
            case "cpu":
                return new DjlKernel(spec, Device.cpu());
            case "cuda": {
                int gpus = Engine.getInstance().getGpuCount();
                if (gpus <= 0) {
                    throw new BadInputException(null, "no CUDA device: DJL's "
                            + Engine.getInstance().getEngineName() + " engine reports no GPU on this machine");
                }
                return new DjlKernel(spec, Device.gpu());
            }
            case "reference":
                return new ReferenceKernel(spec);
            default:
                throw new BadInputException(null, "unknown device \"" + device + "\": expected cpu, cuda or reference");
        }
    }

    /** How many threads the CPU kernels split their work over (one per available processor, or {@link #THREADS_PROPERTY}). */
    public static int cpuThreads() {
        return KernelThreads.threads();
    }
}
