package org.saescope.tensor;

import java.nio.file.Path;

/**
 * Guards before allocating a Java array for a whole tensor: a Java array holds fewer than 2^31
 * elements, and an array larger than the JVM's maximum heap can never be allocated, so both are
 * reported as clear errors instead of a NegativeArraySizeException or an OutOfMemoryError.
 */
final class ArrayLimits {
    /** Java arrays hold a little less than Integer.MAX_VALUE elements on common JVMs. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private ArrayLimits() {
    }

    /**
     * Returns {@code elements} as an int if an array of that many {@code elementBytes}-byte values
     * can exist; {@code what} names the tensor in messages (e.g. "tensor 'W_enc'").
     */
    static int checkAllocatable(Path file, String what, long elements, int elementBytes) {
        if (elements > MAX_ARRAY) {
            throw new TensorFormatException(file, what + " has " + elements + " elements, more than one Java"
                    + " array can hold; read it in ranges with readF32(name, start, dst, off, len)");
        }
        long bytes = elements * elementBytes;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new BadInputException(file, what + " needs " + bytes + " bytes in memory, more than the "
                    + heap + "-byte Java heap allows; raise -Xmx or read it in ranges");
        }
        return (int) elements;
    }
}
