package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saescope.lm.LmFixtures.assertClose;

import ai.djl.ndarray.BaseNDManager;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.saescope.tensor.SafetensorsFile;

class RunWithCacheTest {
    @Test
    void stopsAfterTheLastBlockItNeedsWhenNoLogitsAreAsked() {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("gpt2-tiny")); SafetensorsFile g = LmFixtures.golden("gpt2-tiny")) {
            int[] tokens = LmFixtures.ints(g, "tokens");
            record Case(String hook, int blocks) { }
            for (Case c : List.of(new Case("hook_embed", 0), new Case("hook_pos_embed", 0), new Case("blocks.0.hook_resid_pre", 0),
                    new Case("blocks.0.hook_attn_out", 1), new Case("blocks.0.hook_resid_post", 1),
                    new Case("blocks.1.hook_resid_pre", 1), new Case("blocks.1.hook_mlp_out", 2),
                    new Case("ln_final.hook_normalized", 2))) {
                RunResult r = m.runWithCache(tokens, Set.of(c.hook()), false, List.of());
                assertThat(r.blocksRun()).as(c.hook()).isEqualTo(c.blocks());
                assertThat(r.logits()).isNull();
                assertThat(r.hooks()).containsOnlyKeys(c.hook());
                assertClose(c.hook(), r.hook(c.hook()), g.readF32(c.hook()));
            }
            assertThat(m.runWithCache(tokens, Set.of("blocks.0.hook_mlp_out"), true, List.of()).blocksRun()).isEqualTo(2);
        }
    }

    @Test
    void forwardAndGenerationLeaveNoArraysInTheModelManager() {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("pythia-tiny-parallel"));
             SafetensorsFile g = LmFixtures.golden("pythia-tiny-parallel")) {
            BaseNDManager weights = (BaseNDManager) ((TransformerModel) m).manager;
            int before = weights.getManagedArrays().size();
            int[] tokens = LmFixtures.ints(g, "tokens");
            m.runWithCache(tokens, Set.copyOf(m.hookNames()), true, InterventionTest.steering(g));
            m.generate(tokens, GenerationOptions.greedy(5), InterventionTest.steering(g), TokenListener.NONE);
            m.generate(tokens, GenerationOptions.greedy(5).withKvCache(false), List.of(), TokenListener.NONE);
            m.crossEntropy(tokens, List.of());
            assertThat(weights.getManagedArrays()).hasSize(before);
        }
    }

    @Test
    void hookNamesFollowTransformerLens() {
        try (LanguageModel gpt2 = ModelLoader.load(LmFixtures.dir("gpt2-tiny"));
             LanguageModel parallel = ModelLoader.load(LmFixtures.dir("pythia-tiny-parallel"))) {
            assertThat(gpt2.hookNames()).startsWith("hook_embed", "hook_pos_embed", "blocks.0.hook_resid_pre",
                    "blocks.0.hook_attn_out", "blocks.0.hook_resid_mid", "blocks.0.hook_mlp_out", "blocks.0.hook_resid_post")
                    .endsWith("blocks.1.hook_resid_post", "ln_final.hook_normalized").hasSize(2 + 2 * 5 + 1);
            // rotary: no position embedding; parallel attention+MLP: no resid_mid
            assertThat(parallel.hookNames()).startsWith("hook_embed", "blocks.0.hook_resid_pre", "blocks.0.hook_attn_out",
                    "blocks.0.hook_mlp_out", "blocks.0.hook_resid_post").hasSize(1 + 2 * 4 + 1);
            assertThat(gpt2.hookWidth("blocks.1.hook_resid_mid")).isEqualTo(32);
        }
    }
}
