package org.saescope.tensor;

import java.nio.file.Path;

/** A tensor file that is malformed, truncated, lies about its sizes, or lacks a tensor. */
public class TensorFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public TensorFormatException(Path file, String problem) {
        super(file, problem);
    }

    public TensorFormatException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
