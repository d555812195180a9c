package org.saescope.app.session;

import java.nio.file.Path;
import java.util.Map;
import org.saescope.features.LabelStore;

/**
 * Where the app keeps its own files, following the XDG base directories:
 * settings and the recent list in {@code $XDG_CONFIG_HOME/saescope} (default {@code ~/.config}),
 * labels in {@code $XDG_DATA_HOME/saescope} (default {@code ~/.local/share}). The system properties
 * {@code saescope.config.dir} and {@code saescope.data.dir} override both (tests, portable installs);
 * the data directory also takes {@code SAESCOPE_DATA_DIR}, exactly as the CLI's
 * {@link LabelStore#defaultFile()} does, so the app and {@code saescope labels} share one store.
 */
public record AppDirs(Path config, Path data) {
    public static AppDirs fromEnvironment() {
        return of(System.getenv(), System.getProperties(), Path.of(System.getProperty("user.home")));
    }

    public static AppDirs of(Map<String, String> env, java.util.Properties props, Path home) {
        Path config = pick(props.getProperty("saescope.config.dir"), env.get("XDG_CONFIG_HOME"), home.resolve(".config"));
        String dataOverride = props.getProperty(LabelStore.DIR_PROPERTY);
        if (dataOverride == null || dataOverride.isBlank()) {
            dataOverride = env.get(LabelStore.DIR_ENV);
        }
        Path data = pick(dataOverride, env.get("XDG_DATA_HOME"), home.resolve(".local").resolve("share"));
        return new AppDirs(config, data);
    }

    /** The label store of this data directory. */
    public Path labelStore() {
        return data.resolve(LabelStore.FILE_NAME);
    }

    /** The override as is; otherwise the XDG base (or its default) plus "saescope". */
    private static Path pick(String override, String xdg, Path fallbackBase) {
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : fallbackBase;
        return base.resolve("saescope");
    }
}
