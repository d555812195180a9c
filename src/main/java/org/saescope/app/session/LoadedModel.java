package org.saescope.app.session;

import java.nio.file.Path;
import org.saescope.lm.LanguageModel;

/** An open language model and where it came from. */
public record LoadedModel(Path dir, String name, LanguageModel lm) {
}
