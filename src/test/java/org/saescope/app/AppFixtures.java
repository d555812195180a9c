package org.saescope.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.saescope.app.model.AppModel;
import org.saescope.app.session.AppDirs;
import org.saescope.app.session.DemoLocator;
import org.saescope.app.session.IndexOpener;
import org.saescope.app.session.WorkspaceLoader;
import org.saescope.app.task.BackgroundRunner;
import org.saescope.features.GoldenSaeFolder;
import org.saescope.lm.LmFixtures;

/**
 * A demo layout made of the lm test fixtures: {@code assets/models/brown-gpt2} is the tiny GPT-2
 * checkpoint, {@code sample-dictionaries/golden-sae} its ReLU SAE (SAELens folder). Used until (and
 * besides) the real demo: the same discovery code finds it.
 */
public final class AppFixtures {
    private AppFixtures() {
    }

    /** Builds the demo layout under {@code root}; returns root. */
    public static Path demoRoot(Path root) throws IOException {
        Path model = root.resolve(DemoLocator.MODEL);
        Files.createDirectories(model);
        Path src = LmFixtures.dir("gpt2-tiny");
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            Files.copy(src.resolve(f), model.resolve(f));
        }
        GoldenSaeFolder.write("gpt2-tiny", root.resolve(DemoLocator.DICTIONARIES).resolve("golden-sae"));
        return root;
    }

    public static AppDirs dirs(Path root) {
        return new AppDirs(root.resolve("config"), root.resolve("data"));
    }

    public static AppModel appModel(Path root, BackgroundRunner runner) {
        return appModel(root, runner, IndexOpener.UNAVAILABLE);
    }

    public static AppModel appModel(Path root, BackgroundRunner runner, IndexOpener indexes) {
        AppDirs dirs = dirs(root);
        return new AppModel(runner, dirs, new WorkspaceLoader(dirs, indexes),
                new DemoLocator(List.of(root)));
    }

    /** src/test/resources/app/prompt_reference.json (written by src/test/python/app_reference.py). */
    public static JsonNode reference() {
        try (InputStream in = AppFixtures.class.getResourceAsStream("/app/prompt_reference.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
