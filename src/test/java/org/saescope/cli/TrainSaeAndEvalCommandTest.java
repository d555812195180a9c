package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.lm.Gpt2BatchForward;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.train.lm.Gpt2FolderWriter;

/**
 * {@code saescope train sae} and {@code saescope eval} on the tiny GPT-2 fixture (2 layers, width
 * 32, context 32) over a small plain-text corpus, and the bad inputs each must refuse with exit
 * code 2 and nothing written.
 */
class TrainSaeAndEvalCommandTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path corpus;
    static Path topk;

    static final String HOOK = "blocks.1.hook_resid_pre";

    @BeforeAll
    static void trainOnce() throws Exception {
        model = Path.of(TrainSaeAndEvalCommandTest.class.getResource("/lm/gpt2-tiny").toURI());
        corpus = shared.resolve("corpus.txt");
        StringBuilder text = new StringBuilder();
        String[] words = {"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "far", "away", "from", "home", "today",
            "quickly", "slowly", "under", "bright", "stars", "while", "rain", "fell", "softly", "over", "town"};
        Random r = new Random(5);
        for (int doc = 0; doc < 12; doc++) {
            for (int w = 0; w < 80; w++) {
                text.append(words[r.nextInt(words.length)]).append(w % 11 == 10 ? ". " : " ");
            }
            text.append("\n\n");
        }
        Files.writeString(corpus, text.toString());
        topk = shared.resolve("topk");
        CliRun run = CliRun.of("train", "sae", "--model", model.toString(), "--hook", HOOK, "--corpus", corpus.toString(),
                "--arch", "topk", "--d-sae", "64", "--k", "4", "--tokens", "4000", "--batch", "128", "--context", "16",
                "--lr", "3e-3", "--log-every", "5", "--out", topk.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("L0").contains("EV").contains("dead").contains("wrote");
    }

    @Test
    void trainSaeWritesASaeLensFolderWithProvenance() throws IOException {
        assertThat(topk.resolve("cfg.json")).exists();
        assertThat(topk.resolve("sae_weights.safetensors")).exists();
        assertThat(topk.resolve("sparsity.safetensors")).exists();
        JsonNode meta = new ObjectMapper().readTree(topk.resolve("cfg.json").toFile()).get("metadata");
        assertThat(meta.get("model_name").asText()).isEqualTo("gpt2-tiny");
        assertThat(meta.get("hook_name").asText()).isEqualTo(HOOK);
        assertThat(meta.get("context_size").asInt()).isEqualTo(16);
        assertThat(meta.get("prepend_bos").asBoolean()).isFalse();
        assertThat(meta.get("dataset_path").asText()).isEqualTo("corpus.txt");
        try (Sae sae = SaeLoader.load(topk)) {
            assertThat(sae.config().dIn()).isEqualTo(32);
            assertThat(sae.config().dSae()).isEqualTo(64);
            assertThat(sae.config().k()).isEqualTo(4);
        }
    }

    @Test
    void evalJsonHasEveryMetricUnderItsName() throws IOException {
        CliRun run = CliRun.of("eval", "--model", model.toString(), "--sae", topk.toString(), "--corpus", corpus.toString(),
                "--max-tokens", "256", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(run.out());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("l0", "l1", "mse", "explained_variance", "cossim", "l2_ratio", "ce_loss_score",
                "kl_score", "ce_clean", "ce_sae", "ce_zero", "dead_features", "dense_features", "density_histogram");
        // TopK with k = 4 fires at most 4 latents per token
        assertThat(j.get("l0").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(4.0);
        assertThat(j.get("ce_clean").isNumber()).isTrue();
        assertThat(j.get("ce_zero").asDouble()).isNotEqualTo(j.get("ce_clean").asDouble());
        double score = (j.get("ce_zero").asDouble() - j.get("ce_sae").asDouble())
                / (j.get("ce_zero").asDouble() - j.get("ce_clean").asDouble());
        assertThat(j.get("ce_loss_score").asDouble()).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(j.get("dead_features").asInt() + j.get("density_histogram").get("counts").size()).isPositive();
    }

    @Test
    void evalTableWithoutLossRuns() {
        CliRun run = CliRun.of("eval", "--model", model.toString(), "--sae", topk.toString(), "--corpus", corpus.toString(),
                "--max-tokens", "64", "--no-loss");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("explained_variance").contains("ce_loss_score        n/a");
    }

    private static CliRun trainSae(Path corpusFile, String hook, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "sae", "--model", model.toString(), "--hook", hook,
                "--corpus", corpusFile.toString(), "--arch", "relu", "--d-sae", "16", "--tokens", "256", "--batch", "64",
                "--context", "16", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    @Test
    void missingCorpusIsBadInputAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("sae");
        CliRun run = trainSae(dir.resolve("nope.txt"), HOOK, out);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nope.txt");
        assertThat(out).doesNotExist();
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void emptyCorpusIsBadInputAndWritesNothing(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n");
        Path out = dir.resolve("sae");
        CliRun run = trainSae(empty, HOOK, out);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("empty.txt").contains("empty corpus");
        assertThat(out).doesNotExist();
    }

    @Test
    void unknownHookIsBadInputNamingTheValidOnes(@TempDir Path dir) {
        Path out = dir.resolve("sae");
        CliRun run = trainSae(corpus, "blocks.7.hook_resid_pre", out);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("blocks.7.hook_resid_pre").contains("valid hooks");
        assertThat(out).doesNotExist();
    }

    @Test
    void dInOtherThanTheHookWidthIsBadInput(@TempDir Path dir) {
        Path out = dir.resolve("sae");
        CliRun run = trainSae(corpus, HOOK, out, "--d-in", "48");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("width 32").contains("48");
        assertThat(out).doesNotExist();
    }

    @Test
    void evalOfAnSaeOnAModelOfAnotherWidthIsBadInput(@TempDir Path dir) throws URISyntaxException {
        // a 16-wide GPT-2 with the fixture's tokenizer: the 32-wide SAE cannot read it
        Gpt2BatchForward.Dims dims = new Gpt2BatchForward.Dims(2, 16, 2, 32, 291, 32, 1e-5f);
        Map<String, float[]> params = new LinkedHashMap<>();
        Random r = new Random(1);
        for (Map.Entry<String, long[]> e : Gpt2BatchForward.parameterShapes(dims).entrySet()) {
            long n = 1;
            for (long s : e.getValue()) {
                n *= s;
            }
            float[] a = new float[(int) n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextGaussian() * 0.02);
            }
            params.put(e.getKey(), a);
        }
        Path narrow = dir.resolve("narrow");
        Gpt2FolderWriter.write(narrow, dims, params, Gpt2FolderWriter.StoredType.FLOAT32, model.resolve("tokenizer.json"));
        CliRun run = CliRun.of("eval", "--model", narrow.toString(), "--sae", topk.toString(), "--corpus", corpus.toString(),
                "--max-tokens", "32");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("d_in 32").contains("width 16");
        assertThat(run.out()).doesNotContain("explained_variance");
    }

    @Test
    void existingOutputFolderIsRefusedUntouched(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("sae"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliRun run = trainSae(corpus, HOOK, out);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("already exists");
        assertThat(out.toFile().list()).containsExactly("keep.txt");
    }
}
