package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

class HfCacheTest {
    @TempDir
    Path tmp;

    @Test
    void cacheFolderFollowsHuggingFaceHubPrecedence() {
        Path home = Path.of("/home/someone");
        assertThat(HfCache.hubDir(Map.of("HF_HUB_CACHE", "/a/hub", "HF_HOME", "/b"), home)).isEqualTo(Path.of("/a/hub"));
        assertThat(HfCache.hubDir(Map.of("HF_HOME", "/b", "XDG_CACHE_HOME", "/c"), home)).isEqualTo(Path.of("/b/hub"));
        assertThat(HfCache.hubDir(Map.of("XDG_CACHE_HOME", "/c"), home)).isEqualTo(Path.of("/c/huggingface/hub"));
        assertThat(HfCache.hubDir(Map.of(), home)).isEqualTo(Path.of("/home/someone/.cache/huggingface/hub"));
    }

    /** A fake hub cache entry: refs/main → snapshots/HASH/ with a config.json. */
    private Path fakeRepo(String folder, String hash) throws IOException {
        Path repo = tmp.resolve(folder);
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), hash + "\n");
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(hash));
        Files.writeString(snap.resolve("config.json"), "{}");
        return snap;
    }

    @Test
    void resolvesNamesAndOrgNamesThroughRefsMain() throws IOException {
        Path gpt2 = fakeRepo("models--gpt2", "abc123");
        Path pythia = fakeRepo("models--EleutherAI--pythia-70m", "def456");
        HfCache cache = new HfCache(tmp);
        assertThat(cache.resolve("gpt2")).isEqualTo(gpt2);
        assertThat(cache.resolve("EleutherAI/pythia-70m")).isEqualTo(pythia);
        assertThat(cache.resolve("EleutherAI/pythia-70m@def456")).isEqualTo(pythia);
    }

    @Test
    void explainsWhereItLookedWhenAModelIsNotCached() throws IOException {
        HfCache cache = new HfCache(tmp);
        assertThatThrownBy(() -> cache.resolve("gpt2-xl")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("models--gpt2-xl").hasMessageContaining("HF_HUB_CACHE");
        fakeRepo("models--gpt2", "abc123");
        assertThatThrownBy(() -> cache.resolve("gpt2@v2")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("refs").hasMessageContaining("abc123");
        assertThatThrownBy(() -> cache.resolve("../etc")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("neither a model folder nor a Hugging Face repo id");
    }

    @Test
    void refThatIsNotAHashIsRefused() throws IOException {
        fakeRepo("models--gpt2", "abc123");
        Files.writeString(tmp.resolve("models--gpt2/refs/main"), "../../../elsewhere");
        assertThatThrownBy(() -> new HfCache(tmp).resolve("gpt2")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not hold a commit hash");
    }

    @Test
    void loadsACachedModelByIdWithSymlinkedBlobs() throws IOException {
        // The real cache stores files in blobs/ and links them from the snapshot.
        Path repo = tmp.resolve("models--tiny--gpt2");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snap = Files.createDirectories(repo.resolve("snapshots/0123abcd"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "0123abcd");
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            Path blob = blobs.resolve("blob-" + f.hashCode());
            Files.copy(LmFixtures.dir("gpt2-tiny").resolve(f), blob);
            Files.createSymbolicLink(snap.resolve(f), blob);
        }
        Path resolved = new HfCache(tmp).resolve("tiny/gpt2");
        assertThat(ModelLoader.inspect(resolved).nLayers()).isEqualTo(2);
        try (LanguageModel m = ModelLoader.load(resolved)) {
            assertThat(m.config().modelType()).isEqualTo("gpt2");
        }
    }
}
