package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.features.GoldenSaeFolder;
import org.saescope.lm.LmFixtures;
import org.saescope.lm.TextTokenizer;
import org.saescope.tensor.SafetensorsFile;

/** info / run / generate / bench forward on the tiny golden checkpoints. */
class ModelCommandsTest {
    static final String PROMPT = LmFixtures.PROMPT;

    @TempDir
    Path tmp;

    static Path lm(String model) {
        return LmFixtures.dir(model);
    }

    private static JsonNode json(CliRun r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void infoDescribesAModelFolder() throws IOException {
        JsonNode j = json(CliRun.of("info", lm("pythia-tiny-serial").toString(), "--json"));
        assertThat(j.get("kind").asText()).isEqualTo("model");
        assertThat(j.get("model_type").asText()).isEqualTo("gpt_neox");
        assertThat(j.get("n_layers").asInt()).isEqualTo(2);
        assertThat(j.get("d_model").asInt()).isEqualTo(32);
        assertThat(j.get("n_heads").asInt()).isEqualTo(4);
        assertThat(j.get("vocab_size").asInt()).isEqualTo(291);
        assertThat(j.get("context_length").asInt()).isEqualTo(32);
        assertThat(j.get("dtype").asText()).isEqualTo("bfloat16");
        assertThat(json(CliRun.of("info", "--json", lm("gpt2-tiny").toString())).get("dtype").asText()).isEqualTo("float32");
        CliRun text = CliRun.of("info", lm("gpt2-tiny").toString());
        assertThat(text.out()).startsWith("MODEL").contains("model_type").contains("gpt2");
    }

    @Test
    void infoFindsAModelInTheHuggingFaceCacheByItsId() throws Exception {
        Path snap = Files.createDirectories(tmp.resolve("hub/models--gpt2/snapshots/c0ffee"));
        Files.createDirectories(tmp.resolve("hub/models--gpt2/refs"));
        Files.writeString(tmp.resolve("hub/models--gpt2/refs/main"), "c0ffee");
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            Files.copy(lm("gpt2-tiny").resolve(f), snap.resolve(f));
        }
        // The cache location comes from the environment, so this runs the real launcher in a child JVM.
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.saescope.Main", "info", "gpt2", "--json");
        pb.environment().put("HF_HUB_CACHE", tmp.resolve("hub").toString());
        pb.directory(tmp.toFile());
        pb.redirectErrorStream(false);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        JsonNode j = new ObjectMapper().readTree(out);
        assertThat(j.get("model_type").asText()).isEqualTo("gpt2");
        assertThat(j.get("path").asText()).isEqualTo(snap.toString());
    }

    @Test
    void runPrintsTokensAndTheSaesTopFeaturesAsTorchComputesThem() throws IOException {
        Path sae = GoldenSaeFolder.write("gpt2-tiny", tmp.resolve("sae"));
        CliRun r = CliRun.of("run", "--model", lm("gpt2-tiny").toString(), "--prompt", PROMPT, "--sae", sae.toString(), "--top", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        try (SafetensorsFile g = LmFixtures.golden("gpt2-tiny")) {
            long[] tokens = g.readI64("tokens");
            assertThat(lines).hasSize(tokens.length);
            // Expected: relu((x − b_dec)·W_enc + b_enc) on torch's own hook activations, top 3 by value.
            float[] x = g.readF32(GoldenSaeFolder.HOOK);
            float[] wEnc = g.readF32("sae.W_enc");
            float[] bEnc = g.readF32("sae.b_enc");
            float[] bDec = g.readF32("sae.b_dec");
            int d = bDec.length;
            int s = bEnc.length;
            for (int t = 0; t < tokens.length; t++) {
                double[] f = new double[s];
                for (int j = 0; j < s; j++) {
                    double v = bEnc[j];
                    for (int i = 0; i < d; i++) {
                        v += (x[t * d + i] - bDec[i]) * wEnc[i * s + j];
                    }
                    f[j] = Math.max(0, v);
                }
                Integer[] order = new Integer[s];
                Arrays.setAll(order, j -> j);
                Arrays.sort(order, (a, b) -> Double.compare(f[b], f[a]));
                String[] cols = lines[t].trim().split("\\s+");
                assertThat(Integer.parseInt(cols[0])).isEqualTo(t);
                assertThat(Long.parseLong(cols[1])).isEqualTo(tokens[t]);
                String tail = lines[t].substring(lines[t].lastIndexOf('"') + 1).trim();
                String[] shown = tail.isEmpty() ? new String[0] : tail.split(" ");
                int active = (int) Arrays.stream(f).filter(v -> v > 0).count();
                assertThat(shown).as("token " + t).hasSize(Math.min(3, active));
                for (int k = 0; k < shown.length; k++) {
                    String[] kv = shown[k].split("=");
                    assertThat(Integer.parseInt(kv[0])).as("token " + t + " rank " + k).isEqualTo(order[k]);
                    // printed with 3 decimals; torch and DJL differ by ~1e-6, so allow the rounding step
                    assertThat(Double.parseDouble(kv[1])).isCloseTo(f[order[k]], org.assertj.core.data.Offset.offset(1.5e-3));
                }
            }
        }
        assertThat(lines[1]).contains("\" cat\"");
    }

    @Test
    void runSavesTokensLogitsAndHooks() throws IOException {
        Path out = tmp.resolve("acts.safetensors");
        CliRun r = CliRun.of("run", "--model", lm("pythia-tiny-parallel").toString(), "--prompt", PROMPT,
                "--hook", "blocks.1.hook_resid_pre", "--hook", "ln_final.hook_normalized", "--save", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (SafetensorsFile f = SafetensorsFile.open(out);
             SafetensorsFile g = SafetensorsFile.open(lm("pythia-tiny-parallel").resolve("golden.safetensors"))) {
            assertThat(f.names()).containsExactly("tokens", "logits", "blocks.1.hook_resid_pre", "ln_final.hook_normalized");
            assertThat(f.readI64("tokens")).containsExactly(g.readI64("tokens"));
            assertThat(f.info("logits").shape()).containsExactly(10, 291);
            assertThat(LmFixtures.relErr(f.readF32("logits"), g.readF32("logits"))).isLessThanOrEqualTo(1e-4);
            assertThat(f.info("blocks.1.hook_resid_pre").shape()).containsExactly(10, 32);
            assertThat(LmFixtures.relErr(f.readF32("blocks.1.hook_resid_pre"), g.readF32("blocks.1.hook_resid_pre"))).isLessThanOrEqualTo(1e-4);
            assertThat(LmFixtures.relErr(f.readF32("ln_final.hook_normalized"), g.readF32("ln_final.hook_normalized"))).isLessThanOrEqualTo(1e-4);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("no temp files left").containsExactly(out);
        }
    }

    @Test
    void runRefusesUnknownHooksAndSaesOfTheWrongWidth() throws IOException {
        CliRun bad = CliRun.of("run", "--model", lm("pythia-tiny-parallel").toString(), "--prompt", PROMPT,
                "--hook", "blocks.0.hook_resid_mid");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("blocks.0.hook_resid_mid").contains("valid hooks: hook_embed, blocks.L.hook_resid_pre");

        // the 16-wide SAE fixture of the sae tests, pointed at a hook that exists but is 32 wide
        Path sae = Files.createDirectories(tmp.resolve("narrow"));
        Path src = Path.of(lm("gpt2-tiny").getParent().getParent().resolve("sae/standard/sae").toString());
        Files.copy(src.resolve("sae_weights.safetensors"), sae.resolve("sae_weights.safetensors"));
        Files.writeString(sae.resolve("cfg.json"),
                Files.readString(src.resolve("cfg.json")).replace("blocks.2.hook_resid_post", "blocks.1.hook_resid_post"));
        CliRun narrow = CliRun.of("run", "--model", lm("gpt2-tiny").toString(), "--prompt", PROMPT, "--sae", sae.toString());
        assertThat(narrow.exitCode()).isEqualTo(2);
        assertThat(narrow.err()).contains("narrow").contains("d_in 16 differs from the width 32 of hook blocks.1.hook_resid_post");

        CliRun missing = CliRun.of("run", "--model", tmp.resolve("nothing").toString(), "--prompt", PROMPT);
        assertThat(missing.exitCode()).isEqualTo(2);
    }

    @Test
    void generateStreamsTheGreedyContinuationAndSteers() throws IOException {
        String model = lm("gpt2-tiny").toString();
        CliRun greedy = CliRun.of("generate", "--model", model, "--prompt", PROMPT, "--max-tokens", "6", "--temperature", "0");
        assertThat(greedy.exitCode()).as(greedy.err()).isZero();
        try (SafetensorsFile g = SafetensorsFile.open(lm("gpt2-tiny").resolve("golden.safetensors"));
             TextTokenizer tok = TextTokenizer.load(lm("gpt2-tiny").resolve("tokenizer.json"))) {
            int[] ids = Arrays.stream(g.readI64("greedy")).mapToInt(Math::toIntExact).toArray();
            assertThat(greedy.out()).isEqualTo(PROMPT + tok.decode(ids) + System.lineSeparator());
        }
        assertThat(greedy.err()).contains("6 tokens, stopped: max_tokens");

        Path sae = GoldenSaeFolder.write("gpt2-tiny", tmp.resolve("sae"));
        CliRun zero = CliRun.of("generate", "--model", model, "--prompt", PROMPT, "--max-tokens", "6", "--temperature", "0",
                "--steer", sae + ":11:0");
        assertThat(zero.out()).isEqualTo(greedy.out());
        CliRun steered = CliRun.of("generate", "--model", model, "--prompt", PROMPT, "--max-tokens", "6", "--temperature", "0",
                "--steer", sae + ":11:8", "--steer", sae + ":3:-4");
        assertThat(steered.exitCode()).as(steered.err()).isZero();
        assertThat(steered.out()).startsWith(PROMPT).isNotEqualTo(greedy.out());

        CliRun sampled1 = CliRun.of("generate", "--model", model, "--prompt", PROMPT, "--max-tokens", "8", "--seed", "5");
        CliRun sampled2 = CliRun.of("generate", "--model", model, "--prompt", PROMPT, "--max-tokens", "8", "--seed", "5");
        assertThat(sampled1.out()).isEqualTo(sampled2.out());

        for (String bad : new String[] {sae + ":x:1", "11:1", sae + ":999:1", sae + ":1:nan"}) {
            CliRun r = CliRun.of("generate", "--model", model, "--prompt", PROMPT, "--steer", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err()).startsWith("saescope: ");
        }
        assertThat(CliRun.of("generate", "--model", model, "--prompt", PROMPT, "--top-p", "0").exitCode()).isEqualTo(2);
        CliRun tooLong = CliRun.of("generate", "--model", model, "--prompt", PROMPT.repeat(5));
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.out()).isEmpty();
        assertThat(tooLong.err()).contains("context length");
    }

    @Test
    void benchForwardPrintsTheSameFieldsAsTheTorchScript() throws IOException {
        CliRun r = CliRun.of("bench", "forward", "--config", "pythia-70m", "--tokens", "8", "--reps", "1", "--warmup", "0", "--json");
        JsonNode j = json(r);
        assertThat(j.get("op").asText()).isEqualTo("forward");
        assertThat(j.get("config").asText()).isEqualTo("pythia-70m");
        assertThat(j.get("n_layers").asInt()).isEqualTo(6);
        assertThat(j.get("d_model").asInt()).isEqualTo(512);
        assertThat(j.get("tokens").asInt()).isEqualTo(8);
        assertThat(j.get("median_s").asDouble()).isPositive();
        assertThat(j.get("tokens_per_s").asDouble()).isCloseTo(8 / j.get("median_s").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(j.has("gflops")).isTrue();

        CliRun bad = CliRun.of("bench", "forward", "--config", "llama-7b");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown model config 'llama-7b'").contains("gpt2-small, pythia-70m");
    }
}
