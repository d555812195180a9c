package org.saescope.cli;

import org.saescope.sae.kernel.EncoderSpec;
import org.saescope.sae.kernel.ReferenceKernel;
import org.saescope.sae.kernel.SaeKernel;
import org.saescope.tensor.BadInputException;

/**
 * The kernel the CLI builds for {@code --device}. Until the fast kernels are merged in, only the
 * plain-Java reference kernel exists, on the CPU; at integration this becomes
 * {@code SaeKernels.create(spec, device)}.
 */
final class CliKernels {
    private CliKernels() {
    }

    static SaeKernel create(EncoderSpec spec, String device) {
        if (!device.equals("cpu")) {
            throw new BadInputException(null, "--device " + device + " is not available; use --device cpu");
        }
        return new ReferenceKernel(spec);
    }
}
