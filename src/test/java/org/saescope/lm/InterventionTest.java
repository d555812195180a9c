package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saescope.lm.LmFixtures.assertClose;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.saescope.tensor.SafetensorsFile;

/** Interventions change the forward pass exactly as the torch reference's edited runs do. */
class InterventionTest {
    static final List<String> MODELS = LmFixtures.MODELS;
    static final List<String> SAE_MODELS = List.of("gpt2-tiny", "pythia-tiny-parallel");
    static final String SAE_HOOK = "blocks.0.hook_resid_post";

    /** The two steering edits of lm_golden.py's STEER, applied together. */
    static List<Intervention> steering(SafetensorsFile g) {
        return List.of(
                new AddDirection("blocks.0.hook_attn_out", g.readF32("steer.dir_a"), 2.5f, Positions.of(1, 3)),
                new AddDirection("blocks.1.hook_resid_pre", g.readF32("steer.dir_b"), -1.5f));
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void twoSteeringEditsAtOnceMatchTorchDownstreamAndLeaveUpstreamAlone(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            int[] tokens = LmFixtures.ints(g, "tokens");
            RunResult r = m.runWithCache(tokens, Set.of("blocks.0.hook_resid_pre", "blocks.1.hook_resid_post"), true, steering(g));
            assertClose(name + " steered logits", r.logits(), g.readF32("steer.logits"));
            assertClose(name + " steered resid_post", r.hook("blocks.1.hook_resid_post"), g.readF32("steer.blocks.1.hook_resid_post"));
            // upstream of the first edit nothing moved, and the edit did move the logits
            assertClose(name + " resid_pre 0", r.hook("blocks.0.hook_resid_pre"), g.readF32("blocks.0.hook_resid_pre"));
            assertThat(LmFixtures.relErr(r.logits(), g.readF32("logits"))).isGreaterThan(1e-2);
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void steeredCrossEntropyMatchesTorch(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            assertClose(name + " steered ce", m.crossEntropy(LmFixtures.ints(g, "tokens"), steering(g)), g.readF32("steer.ce"));
        }
    }

    @ParameterizedTest
    @FieldSource("SAE_MODELS")
    void saeEditsMatchTorch(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            int[] tokens = LmFixtures.ints(g, "tokens");
            FeatureDictionary sae = new ReluDictionary(g);
            int feature = LmFixtures.ints(g, "sae.feature")[0];

            float[] replaced = m.runWithCache(tokens, Set.of(), true,
                    List.of(new ReplaceWithReconstruction(SAE_HOOK, sae, false))).logits();
            assertClose(name + " reconstruction", replaced, g.readF32("sae.replace.logits"));

            float[] set = m.runWithCache(tokens, Set.of(), true,
                    List.of(new SetFeature(SAE_HOOK, sae, feature, 4.0f, Positions.of(2, 5)))).logits();
            assertClose(name + " set feature", set, g.readF32("sae.set.logits"));

            float[] zeroed = m.runWithCache(tokens, Set.of(), true,
                    List.of(new SetFeature(SAE_HOOK, sae, feature, 0f, Positions.all()))).logits();
            assertClose(name + " zero feature", zeroed, g.readF32("sae.zero.logits"));

            // With the error term kept, the splice changes nothing (beyond rounding).
            float[] withError = m.runWithCache(tokens, Set.of(), true,
                    List.of(new ReplaceWithReconstruction(SAE_HOOK, sae, true))).logits();
            assertClose(name + " reconstruction + error", withError, g.readF32("logits"));
            assertThat(LmFixtures.relErr(replaced, g.readF32("logits"))).isGreaterThan(1e-2);
        }
    }

    @ParameterizedTest
    @FieldSource("SAE_MODELS")
    void recordedHookShowsTheEditedValue(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            int[] tokens = LmFixtures.ints(g, "tokens");
            FeatureDictionary sae = new ReluDictionary(g);
            float[] edited = m.runWithCache(tokens, Set.of(SAE_HOOK), false,
                    List.of(new ReplaceWithReconstruction(SAE_HOOK, sae, false, Positions.of(0)))).hook(SAE_HOOK);
            float[] clean = g.readF32(SAE_HOOK);
            int d = sae.dIn();
            float[] expected = clean.clone();
            float[] rec = sae.reconstruct(clean, tokens.length);
            System.arraycopy(rec, 0, expected, 0, d); // only position 0 replaced
            assertClose(name + " edited hook", edited, expected);
        }
    }
}
