package org.saescope.app.session;

import java.nio.file.Path;
import org.saescope.tensor.BadInputException;

/**
 * Two things that load fine on their own but do not belong together: an SAE whose width or hook
 * does not fit the model, an index built for another SAE. The app shows it as a "mismatch" dialog.
 */
public final class MismatchException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public MismatchException(Path file, String problem) {
        super(file, problem);
    }
}
