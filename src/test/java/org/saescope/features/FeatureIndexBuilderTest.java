package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.lm.LanguageModel;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.sae.SparseCodes;
import org.saescope.tensor.BadInputException;

/** Whole builds on the gpt2-tiny fixture and its golden SAE. */
class FeatureIndexBuilderTest {
    @TempDir
    Path tmp;

    @Test
    void examplesHoldTheSaeActivationsOfTheModelOnTheirWindow() throws Exception {
        Path corpus = IndexFixtures.textCorpus(tmp, 20, 1);
        Path sae = IndexFixtures.saeFolder(tmp);
        Path out = tmp.resolve("index.sqlite");
        FeatureIndexBuilder.Result r = IndexFixtures.build(corpus, sae, out, IndexFixtures.small(), null, null);
        assertThat(r.documents()).isEqualTo(20);
        assertThat(Files.exists(Path.of(out + "-wal"))).isFalse();

        assertExamplesAreTheModelAndSaeOnTheirWindow(out, sae, r, -1);
    }

    @Test
    void withPrependBosEachWindowRunsAfterABosWhoseRowIsNotIndexed() throws Exception {
        Path corpus = IndexFixtures.textCorpus(tmp, 20, 5);
        Path sae = GoldenSaeFolder.write(IndexFixtures.MODEL, tmp.resolve("sae-bos"), true);
        Path out = tmp.resolve("bos.sqlite");
        FeatureIndexBuilder.Result r = IndexFixtures.build(corpus, sae, out, IndexFixtures.small(), null, null);
        int bos;
        try (LanguageModel m = IndexFixtures.model()) {
            bos = m.config().eosTokenId();
        }
        assertThat(bos).isNotNegative();
        assertExamplesAreTheModelAndSaeOnTheirWindow(out, sae, r, bos);
    }

    /**
     * Every top example's activations are the SAE's codes of the model's hook on that window's
     * tokens, run on their own (after {@code bos} when it is not −1).
     */
    private static void assertExamplesAreTheModelAndSaeOnTheirWindow(Path out, Path sae, FeatureIndexBuilder.Result r, int bos)
            throws Exception {
        try (FeatureIndex idx = FeatureIndex.open(out); LanguageModel m = IndexFixtures.model(); Sae a = SaeLoader.load(sae)) {
            assertThat(idx.tokens()).isEqualTo(r.tokens());
            long checked = 0;
            for (int f = 0; f < idx.dSae(); f++) {
                FeatureIndex.Details d = idx.details(f);
                assertThat(d.summary().density()).isCloseTo((double) d.summary().fireCount() / r.tokens(), within(1e-12));
                assertThat(d.histogram()).hasSize(8);
                assertThat(java.util.Arrays.stream(d.histogram()).sum()).isEqualTo(d.summary().fireCount());
                assertThat(d.neighbours()).hasSize(10);
                assertThat(d.logitsPos()).hasSize(10);
                for (FeatureIndex.Example e : d.topExamples()) {
                    // the window's text, run through the model and the SAE directly
                    int[] ids = m.tokenizer().encode(String.join("", e.tokens()));
                    if (ids.length != e.tokens().size()) {
                        continue; // token strings that do not re-tokenise the same way (rare); the others suffice
                    }
                    int skip = 0;
                    if (bos >= 0) {
                        int[] withBos = new int[ids.length + 1];
                        withBos[0] = bos;
                        System.arraycopy(ids, 0, withBos, 1, ids.length);
                        ids = withBos;
                        skip = 1;
                    }
                    float[] x = m.runWithCache(ids, Set.of(GoldenSaeFolder.HOOK), false, List.of()).hook(GoldenSaeFolder.HOOK);
                    SparseCodes c = a.encode(x, ids.length);
                    for (int t = 0; t < e.tokens().size(); t++) {
                        assertThat(e.acts()[t]).isCloseTo(c.get(t + skip, f), within(1e-4f));
                    }
                    assertThat(e.acts()[e.pos()]).isEqualTo((float) e.act());
                    checked++;
                }
                if (!d.topExamples().isEmpty()) {
                    assertThat(d.topExamples().get(0).act()).isEqualTo(d.summary().maxAct());
                }
            }
            assertThat(checked).isGreaterThan(20);
        }
    }

    @Test
    void aCancelledBuildIsRefusedThenResumesToTheSameIndex() throws Exception {
        Path corpus = IndexFixtures.textCorpus(tmp, 30, 2);
        Path sae = IndexFixtures.saeFolder(tmp);
        Path whole = tmp.resolve("whole.sqlite");
        IndexFixtures.build(corpus, sae, whole, IndexFixtures.small(), null, null);

        Path part = tmp.resolve("part.sqlite");
        AtomicInteger batches = new AtomicInteger();
        FeatureIndexBuilder.Listener l = new FeatureIndexBuilder.Listener() {
            @Override
            public void progress(long docs, long total, long tokens, double tps, double eta) {
                batches.incrementAndGet();
            }
        };
        assertThatThrownBy(() -> IndexFixtures.build(corpus, sae, part, IndexFixtures.small(), () -> batches.get() >= 3, l))
                .isInstanceOf(CancellationException.class);
        assertThat(part).exists();
        assertThatThrownBy(() -> FeatureIndex.open(part)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("incomplete build").hasMessageContaining("resume");

        FeatureIndexBuilder.Result r = IndexFixtures.build(corpus, sae, part, IndexFixtures.small(), null, null);
        assertThat(r.resumed()).isTrue();
        assertThat(IndexFixtures.dump(part)).isEqualTo(IndexFixtures.dump(whole));
    }

    @Test
    void resumingWithOtherSettingsOrACompleteIndexIsRefused() throws Exception {
        Path corpus = IndexFixtures.textCorpus(tmp, 6, 3);
        Path sae = IndexFixtures.saeFolder(tmp);
        Path out = tmp.resolve("i.sqlite");
        AtomicInteger batches = new AtomicInteger();
        FeatureIndexBuilder.Listener l = new FeatureIndexBuilder.Listener() {
            @Override
            public void progress(long docs, long total, long tokens, double tps, double eta) {
                batches.incrementAndGet();
            }
        };
        assertThatThrownBy(() -> IndexFixtures.build(corpus, sae, out, IndexFixtures.small(), () -> batches.get() >= 1, l))
                .isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> IndexFixtures.build(corpus, sae, out, IndexFixtures.small().withTopN(7), null, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("top_n");
        IndexFixtures.build(corpus, sae, out, IndexFixtures.small(), null, null);
        assertThatThrownBy(() -> IndexFixtures.build(corpus, sae, out, IndexFixtures.small(), null, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already a complete index");
        Path notIndex = tmp.resolve("notes.sqlite");
        Files.writeString(notIndex, "not a database");
        assertThatThrownBy(() -> IndexFixtures.build(corpus, sae, notIndex, IndexFixtures.small(), null, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a SAEscope feature index");
        assertThat(Files.readString(notIndex)).isEqualTo("not a database");
    }
}
