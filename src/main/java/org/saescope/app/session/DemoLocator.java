package org.saescope.app.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the bundled demo: the model in {@code assets/models/brown-gpt2}, the first SAE folder (by
 * name) in {@code sample-dictionaries/}, and an index {@code *.sqlite} inside or beside that SAE
 * folder. Looked for under each root in turn: the working directory first, then the install
 * directory (the folder of the jar, and its parent, since the jar sits in {@code target/} or
 * {@code lib/}). The system property {@code saescope.home} puts a root in front of both.
 */
public final class DemoLocator {
    public static final String MODEL = "assets/models/brown-gpt2";
    public static final String DICTIONARIES = "sample-dictionaries";

    /** The demo's parts; {@code sae} and {@code index} may be absent. */
    public record Demo(Path model, Optional<Path> sae, Optional<Path> index) {
    }

    private final List<Path> roots;

    public DemoLocator(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Roots from {@code saescope.home}, the working directory and the install directory. */
    public static DemoLocator standard() {
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("saescope.home");
        if (home != null && !home.isBlank()) {
            roots.add(Path.of(home));
        }
        roots.add(Path.of("").toAbsolutePath());
        installDir().ifPresent(dir -> {
            roots.add(dir);
            if (dir.getParent() != null) {
                roots.add(dir.getParent());
            }
        });
        return new DemoLocator(roots);
    }

    private static Optional<Path> installDir() {
        try {
            Path code = Path.of(DemoLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Optional.ofNullable(Files.isDirectory(code) ? code.getParent() : code.getParent());
        } catch (Exception e) {
            return Optional.empty(); // no code source (custom class loaders): the working directory is enough
        }
    }

    public List<Path> roots() {
        return roots;
    }

    /** The first root that holds a complete demo model (a config.json), with its SAE and index. */
    public Optional<Demo> find() {
        for (Path root : roots) {
            Path model = root.resolve(MODEL);
            if (Files.isRegularFile(model.resolve("config.json"))) {
                Optional<Path> sae = firstSae(root.resolve(DICTIONARIES));
                Optional<Path> index = sae.flatMap(DemoLocator::indexFor);
                return Optional.of(new Demo(model, sae, index));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> firstSae(Path dictionaries) {
        if (!Files.isDirectory(dictionaries)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dictionaries)) {
            return s.filter(Files::isDirectory).filter(PathKinds::looksLikeSae).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** An index file inside the SAE folder, else beside it (first by name). */
    static Optional<Path> indexFor(Path saeDir) {
        for (Path dir : new Path[] {saeDir, saeDir.getParent()}) {
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                Optional<Path> found = s.filter(p -> p.getFileName().toString().endsWith(".sqlite"))
                        .filter(Files::isRegularFile).sorted().findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                // unreadable folder: no index there
            }
        }
        return Optional.empty();
    }
}
