package org.saescope.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.saescope.lm.LmFixtures.assertClose;
import static org.saescope.lm.LmFixtures.relErr;

import ai.djl.ndarray.BaseNDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.SafetensorsFile;

/**
 * {@link LanguageModel#hookActivations}: many windows in one batched forward, padded on the right
 * when their lengths differ. Each window's rows must be what its own forward gives (1e-5 relative)
 * and what the independent PyTorch reference (src/test/python/lm_golden.py) computed.
 */
class BatchedForwardTest {
    static final List<String> MODELS = LmFixtures.MODELS;
    /** Batched vs one window at a time: the same maths, only the library's blocking of the products differs. */
    static final double SAME_FORWARD = 1e-5;

    @ParameterizedTest
    @FieldSource("MODELS")
    void everyHookOfEveryWindowMatchesTorchAndTheSingleWindowForward(String name) {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir(name)); SafetensorsFile g = LmFixtures.golden(name)) {
            int[] prompt = LmFixtures.ints(g, "tokens");
            int t = prompt.length;
            int d = m.config().dModel();
            // The prompt; its first 3 tokens (causal, so torch's first 3 rows are its answer); a window the
            // reference never saw (the prompt reversed); one token; the prompt again at the end of the batch.
            int[] reversed = new int[t];
            for (int i = 0; i < t; i++) {
                reversed[i] = prompt[t - 1 - i];
            }
            List<int[]> windows = List.of(prompt, Arrays.copyOf(prompt, 3), reversed, new int[] {prompt[4]}, prompt);
            for (String hook : m.hookNames()) {
                List<float[]> batched = m.hookActivations(windows, hook);
                assertThat(batched).hasSize(windows.size());
                float[] torch = g.readF32(hook);
                assertClose(name + " " + hook + " window 0 vs torch", batched.get(0), torch);
                assertClose(name + " " + hook + " prefix vs torch", batched.get(1), Arrays.copyOf(torch, 3 * d));
                assertClose(name + " " + hook + " last window vs torch", batched.get(4), torch);
                for (int i = 0; i < windows.size(); i++) {
                    float[] single = m.runWithCache(windows.get(i), Set.of(hook), false, List.of()).hook(hook);
                    assertThat(batched.get(i)).as(hook + " window " + i).hasSize(windows.get(i).length * d);
                    assertThat(relErr(batched.get(i), single)).as(name + " " + hook + " window " + i + " batched vs single")
                            .isLessThanOrEqualTo(SAME_FORWARD);
                }
            }
        }
    }

    @Test
    void demoModelBatchOfThirtyTwoWindowsWithShortOnesEqualsOneForwardPerWindow() throws Exception {
        Path model = Path.of("assets/models/brown-gpt2");
        try (LanguageModel m = ModelLoader.load(model)) {
            int[] text = m.tokenizer().encode(firstDocumentsText(Path.of("assets/corpus/brown-heldout.jsonl"), 3));
            int context = 64;
            assertThat(text.length).as("held-out text tokens").isGreaterThan(30 * context);
            List<int[]> windows = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                windows.add(Arrays.copyOfRange(text, i * context, (i + 1) * context));
            }
            windows.add(5, Arrays.copyOfRange(text, 7, 7 + 17)); // a document's short last window, mid-batch
            windows.add(Arrays.copyOfRange(text, 100, 101));
            for (String hook : List.of("hook_embed", "blocks.2.hook_resid_pre", "blocks.2.hook_resid_post",
                    "blocks.3.hook_attn_out", "ln_final.hook_normalized")) {
                List<float[]> batched = m.hookActivations(windows, hook);
                for (int i = 0; i < windows.size(); i++) {
                    float[] single = m.runWithCache(windows.get(i), Set.of(hook), false, List.of()).hook(hook);
                    assertThat(batched.get(i)).hasSameSizeAs(single);
                    assertThat(relErr(batched.get(i), single)).as(hook + " window " + i + " batched vs single")
                            .isLessThanOrEqualTo(SAME_FORWARD);
                }
            }
        }
    }

    @Test
    void emptyBatchesAndEmptyWindowsGiveEmptyActivations() {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("gpt2-tiny")); SafetensorsFile g = LmFixtures.golden("gpt2-tiny")) {
            assertThat(m.hookActivations(List.of(), "blocks.0.hook_resid_post")).isEmpty();
            List<float[]> r = m.hookActivations(List.of(new int[0], Arrays.copyOf(LmFixtures.ints(g, "tokens"), 2)),
                    "blocks.0.hook_resid_post");
            assertThat(r.get(0)).isEmpty();
            assertClose("2-token window", r.get(1), Arrays.copyOf(g.readF32("blocks.0.hook_resid_post"), 2 * 32));
            assertThat(m.hookActivations(List.of(new int[0]), "blocks.0.hook_resid_post")).singleElement()
                    .satisfies(a -> assertThat(a).isEmpty());
        }
    }

    @Test
    void badWindowsAreBadInputAndNothingLeaksIntoTheModelManager() {
        try (LanguageModel m = ModelLoader.load(LmFixtures.dir("pythia-tiny-serial"))) {
            int vocab = m.config().vocabSize();
            int ctx = m.config().contextLength();
            assertThatThrownBy(() -> m.hookActivations(List.of(new int[] {1, 2}, new int[] {3, vocab}), "blocks.0.hook_mlp_out"))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("outside the vocabulary");
            assertThatThrownBy(() -> m.hookActivations(List.of(new int[ctx + 1]), "blocks.0.hook_mlp_out"))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("context length");
            assertThatThrownBy(() -> m.hookActivations(List.of(new int[] {1}), "blocks.9.hook_mlp_out"))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
            BaseNDManager weights = (BaseNDManager) ((TransformerModel) m).manager;
            int before = weights.getManagedArrays().size();
            m.hookActivations(List.of(new int[] {1, 2, 3}, new int[] {4}), "ln_final.hook_normalized");
            assertThat(weights.getManagedArrays()).hasSize(before);
        }
    }

    private static String firstDocumentsText(Path jsonl, int documents) throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder sb = new StringBuilder();
        try (BufferedReader r = Files.newBufferedReader(jsonl)) {
            for (int i = 0; i < documents; i++) {
                sb.append(json.readTree(r.readLine()).get("text").asText()).append("\n\n");
            }
        }
        return sb.toString();
    }
}
