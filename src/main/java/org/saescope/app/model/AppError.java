package org.saescope.app.model;

import org.saescope.app.session.MismatchException;
import org.saescope.tensor.BadInputException;

/** An error for a dialog: a title saying what failed, the message saying what and why. */
public record AppError(String title, String message, boolean mismatch) {
    /** Bad input shows its own message (it names the file); anything else is a bug, said so. */
    public static AppError of(String action, Throwable t) {
        Throwable cause = t;
        while (!(cause instanceof BadInputException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof MismatchException m) {
            return new AppError("Mismatch: " + action, m.getMessage(), true);
        }
        if (cause instanceof BadInputException b) {
            return new AppError(action, b.getMessage(), false);
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        return new AppError(action, "Internal error (please report it): " + msg, false);
    }
}
