package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.features.GoldenSaeFolder;
import org.saescope.features.LabelStore;
import org.saescope.lm.LmFixtures;
import org.saescope.tensor.SafetensorsWriter;

/** saescope index / feature / labels on the gpt2-tiny fixture, and their bad-input paths. */
class IndexCommandsTest {
    @TempDir
    Path tmp;
    private String oldDir;

    @BeforeEach
    void labelsInTmp() {
        oldDir = System.getProperty(LabelStore.DIR_PROPERTY);
        System.setProperty(LabelStore.DIR_PROPERTY, tmp.resolve("data").toString());
    }

    @AfterEach
    void restore() {
        if (oldDir == null) {
            System.clearProperty(LabelStore.DIR_PROPERTY);
        } else {
            System.setProperty(LabelStore.DIR_PROPERTY, oldDir);
        }
    }

    private Path corpus(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static final String TEXT = "The cat sat on the mat, and the dog ran.\n\nA big red house by the river.\n\n"
            + "They saw it was cold in winter. She said no.\n\nThe dog sat on the cat.\n";

    private CliRun index(Path sae, Path corpus, Path out) {
        return CliRun.of("index", "--model", LmFixtures.dir("gpt2-tiny").toString(), "--sae", sae.toString(),
                "--corpus", corpus.toString(), "--out", out.toString(), "--context", "16", "--top", "4", "--quantiles", "3x2",
                "--block-tokens", "32");
    }

    @Test
    void indexThenFeatureJsonWithLabelsImported() throws Exception {
        Path sae = GoldenSaeFolder.write("gpt2-tiny", tmp.resolve("sae"));
        Path out = tmp.resolve("i.sqlite");
        CliRun r = index(sae, corpus("c.txt", TEXT), out);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 documents");
        assertThat(r.err()).contains("tokens/s").contains("ETA");

        Path labels = corpus("labels.csv", "modelId,layer,index,description,authorId,createdAt,tags,notes\r\n"
                + "gpt2-tiny,blocks.0.hook_resid_post,3,\"cats, mostly\",ana,2025-01-01T00:00:00Z,animal;noun,\r\n");
        CliRun imp = CliRun.of("labels", "import", "--sae", sae.toString(), "--format", "csv", labels.toString());
        assertThat(imp.exitCode()).as(imp.err()).isZero();

        CliRun f = CliRun.of("feature", "--index", out.toString(), "--id", "3", "--json");
        assertThat(f.exitCode()).as(f.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(f.out());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "density", "max_act", "mean_act", "histogram", "top_examples", "quantile_groups",
                "logits_pos", "logits_neg", "neighbours", "concepts", "label");
        assertThat(j.get("label").get("label").asText()).isEqualTo("cats, mostly");
        assertThat(j.get("label").get("tags")).hasSize(2);
        for (JsonNode e : j.get("top_examples")) {
            assertThat(e.get("tokens").size()).isEqualTo(e.get("acts").size());
        }
        assertThat(j.get("neighbours")).hasSize(10);

        Path exported = tmp.resolve("out.json");
        CliRun exp = CliRun.of("labels", "export", "--sae", sae.toString(), "--format", "json", exported.toString());
        assertThat(exp.exitCode()).as(exp.err()).isZero();
        JsonNode e = new ObjectMapper().readTree(exported.toFile());
        assertThat(e.get(0).get("index").asText()).isEqualTo("3");
        assertThat(e.get(0).get("description").asText()).isEqualTo("cats, mostly");
        assertThat(e.get(0).get("modelId").asText()).isEqualTo("gpt2-tiny");

        CliRun text = CliRun.of("feature", "--index", out.toString(), "--id", "3");
        assertThat(text.out()).contains("feature 3").contains("label: cats, mostly");
        CliRun missing = CliRun.of("feature", "--index", out.toString(), "--id", "48");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("has no feature 48");
    }

    @Test
    void benchIndexReportsTheColdBuildAndTheMedianOfTheWarmOnes() throws Exception {
        Path sae = GoldenSaeFolder.write("gpt2-tiny", tmp.resolve("sae"));
        Path corpus = corpus("c.txt", TEXT);
        CliRun r = CliRun.of("bench", "index", "--model", LmFixtures.dir("gpt2-tiny").toString(), "--sae", sae.toString(),
                "--corpus", corpus.toString(), "--context", "16", "--builds", "4", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out().trim());
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            b[i] = j.get("build_seconds").get(i).asDouble();
            assertThat(b[i]).isPositive();
        }
        assertThat(j.get("build_seconds")).hasSize(4);
        assertThat(j.get("cold_total_seconds").asDouble()).isEqualTo(b[0]);
        double[] warm = {b[1], b[2], b[3]};
        java.util.Arrays.sort(warm);
        assertThat(j.get("total_seconds").asDouble()).isEqualTo(warm[1]);
        long tokens = j.get("tokens").asLong();
        CliRun built = index(sae, corpus, tmp.resolve("i.sqlite"));
        assertThat(built.out()).contains(tokens + " tokens");
        assertThat(j.get("total_tokens_per_s").asDouble()).isCloseTo(tokens / warm[1], org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(j.has("host_steal_seconds")).isTrue();

        CliRun none = CliRun.of("bench", "index", "--model", LmFixtures.dir("gpt2-tiny").toString(), "--sae", sae.toString(),
                "--corpus", corpus.toString(), "--builds", "0");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--builds");
    }

    @Test
    void badCorporaFailCleanlyAndLeaveNoIndex() throws Exception {
        Path sae = GoldenSaeFolder.write("gpt2-tiny", tmp.resolve("sae"));
        Path badUtf8 = tmp.resolve("bad.txt");
        byte[] bytes = "The cat sat.\n\nThe dog \u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBad = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        withBad[bytes.length] = (byte) 0xC3;
        withBad[bytes.length + 1] = (byte) 0x28;
        Files.write(badUtf8, withBad);
        Path out = tmp.resolve("x.sqlite");
        CliRun r = index(sae, badUtf8, out);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(badUtf8.toString()).contains("UTF-8");
        assertThat(out).doesNotExist();

        CliRun empty = index(sae, corpus("empty.jsonl", "{\"text\": \"\"}\n{\"text\": \"\"}\n"), out);
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("no tokens");
        assertThat(out).doesNotExist();

        // one very long line (a 60 000-character document) is indexed, not refused
        CliRun longLine = index(sae, corpus("long.jsonl", "{\"text\": \"" + "the cat sat on the mat ".repeat(2600) + "\"}\n"), out);
        assertThat(longLine.exitCode()).as(longLine.err()).isZero();
        assertThat(out).exists();
    }

    @Test
    void mismatchedModelAndSaeFailBeforeWritingAnything() throws Exception {
        Path sae = GoldenSaeFolder.write("gpt2-tiny", tmp.resolve("sae"));
        Path noHook = GoldenSaeFolder.write("gpt2-tiny", tmp.resolve("sae-nohook"));
        Path cfg = noHook.resolve("cfg.json");
        Files.writeString(cfg, Files.readString(cfg).replace("blocks.0.hook_resid_post", "blocks.9.hook_resid_post"));
        Path out = tmp.resolve("y.sqlite");
        Path corpus = corpus("c.txt", TEXT);
        CliRun r = index(noHook, corpus, out);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("blocks.9.hook_resid_post").contains("lacks");
        assertThat(out).doesNotExist();

        Path narrow = tmp.resolve("sae-narrow");
        Files.createDirectories(narrow);
        new SafetensorsWriter().addF32("W_enc", new float[16 * 8], 16, 8).addF32("b_enc", new float[8], 8)
                .addF32("W_dec", new float[8 * 16], 8, 16).addF32("b_dec", new float[16], 16)
                .write(narrow.resolve("sae_weights.safetensors"));
        Files.writeString(narrow.resolve("cfg.json"), Files.readString(sae.resolve("cfg.json"))
                .replace("\"d_in\": 32", "\"d_in\": 16").replace("\"d_sae\": 48", "\"d_sae\": 8"));
        CliRun w = index(narrow, corpus, out);
        assertThat(w.exitCode()).as(w.err()).isEqualTo(2);
        assertThat(w.err()).contains("d_in 16").contains("width 32");
        assertThat(out).doesNotExist();
    }
}
