package org.saescope.app.session;

import java.nio.file.Path;
import org.saescope.features.SaeDictionary;
import org.saescope.sae.Sae;

/**
 * An open SAE: its path, a display name, the SAE, its view as an intervention dictionary, the hook
 * it reads, and its identity (sha256 of the weights file: what labels and indexes are keyed by).
 */
public record LoadedSae(Path path, String name, Sae sae, SaeDictionary dictionary, String hook, String identity) {
    public int dSae() {
        return sae.config().dSae();
    }
}
