package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.LmFixtures;
import org.saescope.lm.ModelLoader;
import org.saescope.lm.Positions;
import org.saescope.lm.ReplaceWithReconstruction;
import org.saescope.lm.SetFeature;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.SafetensorsFile;

/** A real SAE (loaded by SaeLoader) spliced into a model reproduces the torch reference's SAE runs. */
class SaeDictionaryTest {
    @TempDir
    Path tmp;

    static Path resource(String rel) {
        try {
            return Path.of(SaeDictionaryTest.class.getResource(rel).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void setFeatureAndReconstructionThroughALoadedSaeMatchTorch() throws IOException {
        String model = "gpt2-tiny";
        try (Sae sae = SaeLoader.load(GoldenSaeFolder.write(model, tmp.resolve("sae")));
             LanguageModel m = ModelLoader.load(LmFixtures.dir(model));
             SafetensorsFile g = LmFixtures.golden(model)) {
            SaeDictionary dict = new SaeDictionary(sae);
            int[] tokens = LmFixtures.ints(g, "tokens");
            int feature = (int) g.readI64("sae.feature")[0];
            float[] set = m.runWithCache(tokens, Set.of(), true,
                    List.of(new SetFeature(GoldenSaeFolder.HOOK, dict, feature, 4f, Positions.of(2, 5)))).logits();
            assertThat(LmFixtures.relErr(set, g.readF32("sae.set.logits"))).isLessThanOrEqualTo(1e-4);
            float[] replaced = m.runWithCache(tokens, Set.of(), true,
                    List.of(new ReplaceWithReconstruction(GoldenSaeFolder.HOOK, dict, false))).logits();
            assertThat(LmFixtures.relErr(replaced, g.readF32("sae.replace.logits"))).isLessThanOrEqualTo(1e-4);
            // a plain SAE's direction is its decoder row
            assertThat(dict.decoderRow(feature)).containsExactly(sae.decoderRow(feature), org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void directionUndoesTopKDecoderNormRescaling() {
        try (Sae sae = SaeLoader.load(resource("/sae/topk_rescale/sae"))) {
            float[] row = sae.decoderRow(3);
            double norm = 0;
            for (float v : row) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            float[] dir = new SaeDictionary(sae).decoderRow(3);
            for (int i = 0; i < row.length; i++) {
                assertThat((double) dir[i]).isCloseTo(row[i] / norm, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void perTokenNormalizedSaesHaveNoSingleDirection() {
        try (Sae sae = SaeLoader.load(resource("/sae/norm_layer_norm/sae"))) {
            assertThatThrownBy(() -> new SaeDictionary(sae).decoderRow(0)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("layer_norm");
        }
    }
}
