package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.saescope.tensor.SafetensorsFile;

class GenerationTest {
    static final List<String> MODELS = LmFixtures.MODELS;

    @ParameterizedTest
    @FieldSource("MODELS")
    void greedyFollowsTheTorchArgmaxPathWithAndWithoutCache(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            int[] prompt = LmFixtures.ints(g, "tokens");
            int[] expected = LmFixtures.ints(g, "greedy");
            GenerationOptions greedy = GenerationOptions.greedy(expected.length);
            assertThat(m.generate(prompt, greedy, List.of(), TokenListener.NONE).tokens()).containsExactly(expected);
            assertThat(m.generate(prompt, greedy.withKvCache(false), List.of(), TokenListener.NONE).tokens()).containsExactly(expected);
        }
    }

    @ParameterizedTest
    @FieldSource("MODELS")
    void sameSeedSameTokensCachedOrNot(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            int[] prompt = LmFixtures.ints(g, "tokens");
            GenerationOptions o = GenerationOptions.greedy(12).withSampling(1.0f, 0, 1f, 1234);
            GenerationResult cached = m.generate(prompt, o, List.of(), TokenListener.NONE);
            GenerationResult uncached = m.generate(prompt, o.withKvCache(false), List.of(), TokenListener.NONE);
            assertThat(cached.tokens()).hasSize(12).containsExactly(uncached.tokens());
            GenerationOptions filtered = o.withSampling(0.8f, 20, 0.9f, 99);
            assertThat(m.generate(prompt, filtered, List.of(), TokenListener.NONE).tokens())
                    .containsExactly(m.generate(prompt, filtered.withKvCache(false), List.of(), TokenListener.NONE).tokens());
            // steered generation is also the same through the cache (interventions use absolute positions)
            List<Intervention> steer = InterventionTest.steering(g);
            assertThat(m.generate(prompt, o, steer, TokenListener.NONE).tokens())
                    .containsExactly(m.generate(prompt, o.withKvCache(false), steer, TokenListener.NONE).tokens())
                    .isNotEqualTo(cached.tokens());
            // and a different seed samples something else
            assertThat(m.generate(prompt, o.withSampling(1.0f, 0, 1f, 4321), List.of(), TokenListener.NONE).tokens())
                    .isNotEqualTo(cached.tokens());
        }
    }

    @Test
    void stopTokenStreamingCancellationAndContext() {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("pythia-tiny-serial"));
             SafetensorsFile g = LmFixtures.golden("pythia-tiny-serial")) {
            int[] prompt = LmFixtures.ints(g, "tokens");
            int[] greedy = LmFixtures.ints(g, "greedy"); // [235, 226, 214, 274, 121, 226]

            List<Integer> streamed = new ArrayList<>();
            GenerationResult stopped = m.generate(prompt, GenerationOptions.greedy(6).withStopTokens(214), List.of(),
                    (i, t) -> streamed.add(t));
            assertThat(stopped.tokens()).containsExactly(greedy[0], greedy[1], greedy[2]);
            assertThat(stopped.stopReason()).isEqualTo(GenerationResult.StopReason.STOP_TOKEN);
            assertThat(streamed).containsExactly(greedy[0], greedy[1], greedy[2]);

            int[] seen = {0};
            GenerationResult cancelled = m.generate(prompt, GenerationOptions.greedy(6).withCancellation(() -> seen[0] >= 2),
                    List.of(), (i, t) -> seen[0]++);
            assertThat(cancelled.tokens()).containsExactly(greedy[0], greedy[1]);
            assertThat(cancelled.stopReason()).isEqualTo(GenerationResult.StopReason.CANCELLED);

            int context = m.config().contextLength();
            GenerationResult full = m.generate(prompt, GenerationOptions.greedy(100), List.of(), TokenListener.NONE);
            assertThat(full.tokens()).hasSize(context - prompt.length);
            assertThat(full.stopReason()).isEqualTo(GenerationResult.StopReason.CONTEXT_FULL);

            GenerationResult exact = m.generate(prompt, GenerationOptions.greedy(6), List.of(), TokenListener.NONE);
            assertThat(exact.stopReason()).isEqualTo(GenerationResult.StopReason.MAX_TOKENS);
        }
    }
}
