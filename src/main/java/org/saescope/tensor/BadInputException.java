package org.saescope.tensor;

import java.nio.file.Path;

/**
 * Input that SAEscope refuses: a malformed or lying file, a shape mismatch, a pickle. The message
 * always names the file (when there is one) and the problem, so it can be shown to a person as is.
 * Every layer throws this (or a subclass) for bad input; the CLI maps it to exit code 2.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public BadInputException(Path file, String problem) {
        super(file == null ? problem : file + ": " + problem);
        this.file = file;
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file, or null when the bad input was not a file (an argument, say). */
    public Path file() {
        return file;
    }
}
