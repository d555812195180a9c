package org.saescope.app.session;

import java.nio.file.Files;
import java.nio.file.Path;
import org.saescope.sae.SaeLoader;

/** What a dropped or chosen path is, judged by its files (it may still fail to load). */
public final class PathKinds {
    public enum Kind { MODEL, SAE, INDEX, UNKNOWN }

    private PathKinds() {
    }

    public static Kind of(Path p) {
        if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sqlite")) {
            return Kind.INDEX;
        }
        if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("config.json"))) {
            return Kind.MODEL;
        }
        if (looksLikeSae(p)) {
            return Kind.SAE;
        }
        return Kind.UNKNOWN;
    }

    static boolean looksLikeSae(Path p) {
        return SaeLoader.recognizes(p);
    }
}
