package org.saescope.app.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.saescope.lm.HfCache;

/**
 * The models already in the local Hugging Face cache ({@code models--ORG--NAME} folders with at
 * least one snapshot holding a config.json), as repo ids for the File menu.
 */
public final class HfCacheModels {
    private HfCacheModels() {
    }

    public static List<String> list(HfCache cache) {
        List<String> ids = new ArrayList<>();
        Path hub = cache.hub();
        if (!Files.isDirectory(hub)) {
            return ids;
        }
        try (Stream<Path> s = Files.list(hub)) {
            s.filter(p -> p.getFileName().toString().startsWith("models--"))
                    .filter(HfCacheModels::hasModelSnapshot)
                    .map(p -> p.getFileName().toString().substring("models--".length()).replace("--", "/"))
                    .sorted()
                    .forEach(ids::add);
        } catch (IOException e) {
            return ids;
        }
        return ids;
    }

    private static boolean hasModelSnapshot(Path repo) {
        Path snaps = repo.resolve("snapshots");
        if (!Files.isDirectory(snaps)) {
            return false;
        }
        try (Stream<Path> s = Files.list(snaps)) {
            return s.anyMatch(p -> Files.isRegularFile(p.resolve("config.json")));
        } catch (IOException e) {
            return false;
        }
    }
}
