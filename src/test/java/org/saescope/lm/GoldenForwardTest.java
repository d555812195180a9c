package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saescope.lm.LmFixtures.assertClose;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.saescope.tensor.SafetensorsFile;

/**
 * Logits and every hook activation against the independent PyTorch implementation in
 * src/test/python/lm_golden.py, for both families, f32/f16/bf16 weights, one file and shards,
 * with and without the "transformer." prefix, parallel and serial residual.
 */
class GoldenForwardTest {
    static final List<String> MODELS = LmFixtures.MODELS;

    @ParameterizedTest
    @FieldSource("MODELS")
    void tokenizerMatchesTheReferenceBpe(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            assertThat(m.tokenizer().encode(LmFixtures.PROMPT)).containsExactly(LmFixtures.ints(g, "tokens"));
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void logitsAndEveryHookMatchTorch(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            // The hooks the torch reference fired are exactly the ones the model offers.
            Set<String> torchHooks = g.names().stream()
                    .filter(n -> n.startsWith("hook_") || n.startsWith("blocks.") || n.startsWith("ln_final."))
                    .collect(Collectors.toSet());
            assertThat(new HashSet<>(m.hookNames())).isEqualTo(torchHooks);

            int[] tokens = LmFixtures.ints(g, "tokens");
            RunResult r = m.runWithCache(tokens, torchHooks, true, List.of());
            assertThat(r.blocksRun()).isEqualTo(2);
            assertClose(name + " logits", r.logits(), g.readF32("logits"));
            for (String h : torchHooks) {
                assertClose(name + " " + h, r.hook(h), g.readF32(h));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void perTokenCrossEntropyMatchesTorch(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            float[] ce = m.crossEntropy(LmFixtures.ints(g, "tokens"), List.of());
            assertThat(ce).hasSize(LmFixtures.ints(g, "tokens").length - 1);
            assertClose(name + " ce", ce, g.readF32("ce"));
        }
    }
}
