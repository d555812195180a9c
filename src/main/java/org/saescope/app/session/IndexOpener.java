package org.saescope.app.session;

import java.nio.file.Path;
import org.saescope.app.catalog.FeatureCatalog;

/**
 * Opens a feature index file as a catalog. The SQLite index of {@code org.saescope.features} plugs
 * in here; until then {@link #UNAVAILABLE} says so.
 */
@FunctionalInterface
public interface IndexOpener {
    FeatureCatalog open(Path file);

    IndexOpener UNAVAILABLE = file -> {
        throw new org.saescope.tensor.BadInputException(file,
                "cannot be opened: this build has no feature-index reader yet (the SAE works without one)");
    };
}
