package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;

/**
 * The bundled demo works out of the box: the shipped Brown GPT-2 loads and predicts the held-out
 * text far better than chance, and the shipped TopK SAE, evaluated on a slice of the held-out
 * split, clears floors a little under the README's measured numbers (which use a larger slice).
 */
class ShippedDemoTest {
    static final Path MODEL = Path.of("assets/models/brown-gpt2");
    static final Path TOPK = Path.of("sample-dictionaries/brown-gpt2-res2-topk-2048");
    static final Path HELDOUT = Path.of("assets/corpus/brown-heldout.jsonl");

    @Test
    void shippedModelLoadsWithItsTokenizerAndPredictsText() {
        try (LanguageModel lm = ModelLoader.load(MODEL)) {
            assertThat(lm.config().modelType()).isEqualTo("gpt2");
            assertThat(lm.config().vocabSize()).isEqualTo(50257);
            int[] tokens = lm.tokenizer().encode("The jury said it did find that the city's election was conducted well.");
            float[] ce = lm.crossEntropy(tokens, java.util.List.of());
            double mean = 0;
            for (float c : ce) {
                mean += c / ce.length;
            }
            // uniform guessing costs ln 50257 = 10.8 nats per token
            assertThat(mean).isLessThan(7.0);
        }
    }

    @Test
    void shippedTopKSaeReconstructsTheHeldOutSlice() throws Exception {
        try (Sae sae = SaeLoader.load(TOPK)) {
            assertThat(sae.config().hookName()).isEqualTo("blocks.2.hook_resid_pre");
            assertThat(sae.config().dSae()).isEqualTo(2048);
        }
        CliRun run = CliRun.of("eval", "--model", MODEL.toString(), "--sae", TOPK.toString(), "--corpus", HELDOUT.toString(),
                "--max-tokens", "2048", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(run.out());
        assertThat(j.get("explained_variance").asDouble()).isGreaterThan(EV_FLOOR);
        assertThat(j.get("ce_loss_score").asDouble()).isGreaterThan(CE_SCORE_FLOOR);
        assertThat(j.get("l0").asDouble()).isLessThanOrEqualTo(16.0);
    }

    @Test
    void shippedTopKSaeHasFewerThanFivePercentDeadLatentsOnTheWholeHeldOutSplit() throws Exception {
        CliRun run = CliRun.of("eval", "--model", MODEL.toString(), "--sae", TOPK.toString(), "--corpus", HELDOUT.toString(),
                "--max-tokens", "1000000", "--no-loss", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(run.out());
        // the target: dead latents < 5% of 2,048 (README: 33)
        assertThat(j.get("dead_features").asInt()).isLessThan(2048 / 20);
    }

    /** README: explained variance 0.951 and CE loss score 0.984 over 16,384 held-out tokens. */
    static final double EV_FLOOR = 0.93;
    static final double CE_SCORE_FLOOR = 0.97;
}
