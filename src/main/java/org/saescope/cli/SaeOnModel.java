package org.saescope.cli;

import java.nio.file.Path;
import org.saescope.lm.LanguageModel;
import org.saescope.sae.Sae;
import org.saescope.tensor.BadInputException;

/** Checks that an SAE can read a model's activations: its hook exists there and has the SAE's width. */
final class SaeOnModel {
    private SaeOnModel() {
    }

    /** The SAE's hook name, after checking it fits {@code model}; bad input otherwise. */
    static String hook(Sae sae, Path saePath, LanguageModel model) {
        String hook = sae.config().hookName();
        if (hook == null) {
            throw new BadInputException(saePath, "names no hook_name, so SAEscope cannot tell where in the model it reads");
        }
        int width = model.hookWidth(hook); // unknown hooks: bad input listing the valid ones
        if (width != sae.config().dIn()) {
            throw new BadInputException(saePath, "d_in " + sae.config().dIn() + " differs from the width " + width + " of hook "
                    + hook + " in this " + model.config().modelType() + " model");
        }
        return hook;
    }
}
