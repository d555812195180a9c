package org.saescope.sae;

import java.nio.file.Path;
import java.util.List;

/**
 * An SAE as its config and tensor headers describe it, checked but not loaded (for {@code info}).
 */
public record SaeDescription(SaeConfig config, Path weightsFile, List<String> warnings) {
}
