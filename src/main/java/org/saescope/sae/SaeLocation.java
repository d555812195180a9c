package org.saescope.sae;

import java.nio.file.Path;

/**
 * Where an SAE's files are: its format, its folder, its config file (null for Gemma Scope npz,
 * which has none) and its weights file.
 */
record SaeLocation(SaeFormat format, Path folder, Path configFile, Path weightsFile) {
}
