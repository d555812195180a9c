package org.saescope.app.session;

import java.nio.file.Path;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.IndexCatalog;

/**
 * Opens a feature index file as a catalog: {@link #SQLITE} reads the indexes {@code saescope index}
 * writes; tests plug in hand-made catalogs, and {@link #UNAVAILABLE} refuses every file.
 */
@FunctionalInterface
public interface IndexOpener {
    FeatureCatalog open(Path file);

    /** The SQLite feature index of {@code org.saescope.features} (docs/formats/feature-index.md). */
    IndexOpener SQLITE = IndexCatalog::open;

    IndexOpener UNAVAILABLE = file -> {
        throw new org.saescope.tensor.BadInputException(file,
                "cannot be opened: this configuration reads no feature indexes (the SAE works without one)");
    };
}
