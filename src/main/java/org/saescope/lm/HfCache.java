package org.saescope.lm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.saescope.tensor.BadInputException;

/**
 * Finds models that are already in the Hugging Face hub cache, so that {@code saescope info gpt2}
 * works on a machine where Python once downloaded {@code gpt2}. Never downloads anything.
 *
 * <p>Where the cache is, in the order {@code huggingface_hub} looks: {@code $HF_HUB_CACHE}, then
 * {@code $HF_HOME/hub}, then {@code $XDG_CACHE_HOME/huggingface/hub}, then
 * {@code ~/.cache/huggingface/hub}. Its layout: {@code models--ORG--NAME/refs/main} holds the commit
 * hash of the snapshot that {@code main} points at, and {@code models--ORG--NAME/snapshots/HASH/}
 * holds the files (usually symlinks into {@code blobs/}).
 */
public final class HfCache {
    /** Repo ids as the hub allows them: "name" or "org/name". */
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    /** A ref name or commit hash; never a path (a ref file's content becomes a folder name). */
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path hub;

    public HfCache(Path hub) {
        this.hub = hub;
    }

    /** The cache this process would use, from its environment and home folder. */
    public static HfCache fromEnvironment() {
        return new HfCache(hubDir(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** The hub cache folder for an environment, following huggingface_hub's precedence. */
    static Path hubDir(Map<String, String> env, Path home) {
        String v = env.get("HF_HUB_CACHE");
        if (v != null && !v.isBlank()) {
            return Path.of(v);
        }
        v = env.get("HF_HOME");
        if (v != null && !v.isBlank()) {
            return Path.of(v, "hub");
        }
        v = env.get("XDG_CACHE_HOME");
        if (v != null && !v.isBlank()) {
            return Path.of(v, "huggingface", "hub");
        }
        return home.resolve(".cache").resolve("huggingface").resolve("hub");
    }

    public Path hub() {
        return hub;
    }

    /** Whether {@code id} looks like a hub repo id ("gpt2", "EleutherAI/pythia-70m", optionally "@rev"). */
    public static boolean looksLikeRepoId(String id) {
        int at = id.indexOf('@');
        String repo = at < 0 ? id : id.substring(0, at);
        return REPO_ID.matcher(repo).matches() && (at < 0 || REVISION.matcher(id.substring(at + 1)).matches());
    }

    /**
     * The snapshot folder of {@code id} ("name", "org/name", or either with "@revision", where the
     * revision is a ref such as {@code main} or a commit hash). Throws {@link BadInputException} that
     * says where it looked when the model is not cached.
     */
    public Path resolve(String id) {
        if (!looksLikeRepoId(id)) {
            throw new BadInputException(null, "'" + id + "' is neither a model folder nor a Hugging Face repo id");
        }
        int at = id.indexOf('@');
        String repo = at < 0 ? id : id.substring(0, at);
        String revision = at < 0 ? "main" : id.substring(at + 1);
        Path repoDir = hub.resolve("models--" + repo.replace("/", "--"));
        if (!Files.isDirectory(repoDir)) {
            throw new BadInputException(null, "model '" + id + "' is neither a folder nor in the Hugging Face cache (looked for "
                    + repoDir + "; set HF_HUB_CACHE or HF_HOME if your cache is elsewhere)");
        }
        Path snapshots = repoDir.resolve("snapshots");
        Path snapshot = snapshots.resolve(commitFor(repoDir, revision));
        if (!Files.isDirectory(snapshot)) {
            throw new BadInputException(snapshot, "snapshot folder is missing (the cache of '" + repo + "' is incomplete; snapshots present: "
                    + listSnapshots(snapshots) + ")");
        }
        return snapshot;
    }

    /** The commit a revision names: the content of refs/REVISION, or the revision itself if it is a snapshot. */
    private static String commitFor(Path repoDir, String revision) {
        Path ref = repoDir.resolve("refs").resolve(revision);
        if (Files.isRegularFile(ref)) {
            String commit;
            try {
                commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new BadInputException(ref, "cannot be read: " + e.getMessage(), e);
            }
            if (!REVISION.matcher(commit).matches()) {
                throw new BadInputException(ref, "does not hold a commit hash");
            }
            return commit;
        }
        if (Files.isDirectory(repoDir.resolve("snapshots").resolve(revision))) {
            return revision;
        }
        throw new BadInputException(ref, "not found, and no snapshot is named '" + revision + "' (snapshots present: "
                + listSnapshots(repoDir.resolve("snapshots")) + ")");
    }

    private static List<String> listSnapshots(Path snapshots) {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(snapshots)) {
            try (Stream<Path> s = Files.list(snapshots)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            } catch (IOException e) {
                // Only used to enrich an error message; the primary problem is reported either way.
            }
        }
        return names;
    }
}
