package org.saescope.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.saescope.app.session.DemoLocator;
import org.saescope.features.FeatureIndexBuilder;
import org.saescope.features.IndexSettings;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.LmFixtures;
import org.saescope.lm.ModelLoader;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;

/**
 * The fixture demo layout ({@link AppFixtures#demoRoot}) plus a real feature index, built by
 * {@link FeatureIndexBuilder} inside the SAE folder where the demo locator looks for it. Its corpus
 * is one document, {@link LmFixtures#PROMPT}, in one window: every feature's top examples are that
 * window, and its statistics are those of the prompt's activations, which
 * src/test/resources/app/prompt_reference.json has from PyTorch.
 */
public final class IndexedDemo {
    /** Small enough to build in a second, large enough that the whole prompt is one window. */
    public static final IndexSettings SETTINGS = new IndexSettings(16, 20, 4, 3, 8, 0L, 64);

    private IndexedDemo() {
    }

    /** Builds the layout under {@code root}; returns the index file. */
    public static Path build(Path root) throws IOException {
        AppFixtures.demoRoot(root);
        Path corpus = root.resolve("corpus.jsonl");
        Files.writeString(corpus, "{\"text\": \"" + LmFixtures.PROMPT + "\"}\n");
        Path modelDir = root.resolve(DemoLocator.MODEL);
        Path saeDir = root.resolve(DemoLocator.DICTIONARIES).resolve("golden-sae");
        Path index = saeDir.resolve("index.sqlite");
        try (LanguageModel m = ModelLoader.load(modelDir); Sae sae = SaeLoader.load(saeDir)) {
            FeatureIndexBuilder.build(new FeatureIndexBuilder.Sources(m, DemoLocator.MODEL, sae, "golden-sae", corpus),
                    index, SETTINGS, () -> false, null);
        }
        return index;
    }
}
