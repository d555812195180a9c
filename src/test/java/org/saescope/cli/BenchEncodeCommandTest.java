package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shape of {@code saescope bench encode} output on a tiny size; no timing is asserted. */
class BenchEncodeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SaescopeCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private List<JsonNode> jsonLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String line : out.toString().split("\\R")) {
            if (!line.isBlank()) {
                lines.add(m.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void jsonHasOneObjectPerOperationWithTheAgreedFields() throws Exception {
        int rc = run("bench", "encode", "--d-in", "16", "--d-sae", "64", "--k", "4", "--tokens", "10", "--reps", "3",
                "--warmup", "1", "--json");
        assertThat(rc).as(err.toString()).isZero();
        List<JsonNode> lines = jsonLines();
        assertThat(lines).extracting(j -> j.get("op").asText()).containsExactly("encode", "decode_sparse");
        for (JsonNode j : lines) {
            for (String f : new String[] {"tokens_per_s", "median_s", "best_s", "gflops"}) {
                assertThat(j.get(f).isNumber()).as(f).isTrue();
                assertThat(j.get(f).asDouble()).as(f).isPositive();
            }
            assertThat(j.get("best_s").asDouble()).isLessThanOrEqualTo(j.get("median_s").asDouble());
            assertThat(j.get("tokens_per_s").asDouble()).isCloseTo(10 / j.get("median_s").asDouble(),
                    org.assertj.core.data.Percentage.withPercentage(1e-6));
            assertThat(j.get("d_in").asInt()).isEqualTo(16);
            assertThat(j.get("d_sae").asInt()).isEqualTo(64);
            assertThat(j.get("k").asInt()).isEqualTo(4);
            assertThat(j.get("tokens").asInt()).isEqualTo(10);
            assertThat(j.get("reps").asInt()).isEqualTo(3);
            assertThat(j.get("threads").asInt()).isPositive();
            assertThat(j.get("impl").asText()).startsWith("djl-cpu");
            assertThat(j.get("arch").asText()).isEqualTo("topk");
            // TopK with random Gaussian pre-activations: every token keeps exactly k.
            assertThat(j.get("l0").asDouble()).isEqualTo(4.0);
        }
    }

    @Test
    void reluRunReportsKZeroAndTheReferenceDeviceWorks() throws Exception {
        int rc = run("bench", "encode", "--d-in", "8", "--d-sae", "32", "--tokens", "5", "--arch", "relu", "--reps", "1",
                "--warmup", "0", "--device", "reference", "--json");
        assertThat(rc).as(err.toString()).isZero();
        List<JsonNode> lines = jsonLines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("k").asInt()).isZero();
        assertThat(lines.get(0).get("impl").asText()).isEqualTo("reference");
        assertThat(lines.get(0).get("l0").asDouble()).isBetween(1.0, 32.0);
    }

    @Test
    void tableWithoutJson() {
        int rc = run("bench", "encode", "--d-in", "8", "--d-sae", "32", "--k", "2", "--tokens", "4", "--reps", "1",
                "--warmup", "0", "--arch", "jumprelu");
        assertThat(rc).as(err.toString()).isZero();
        String[] lines = out.toString().trim().split("\\R");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).contains("tokens/s", "GFLOP/s");
        assertThat(lines[1]).startsWith("encode");
        assertThat(lines[2]).startsWith("decode_sparse");
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertThat(run("bench", "encode", "--k", "0", "--d-in", "8", "--d-sae", "32", "--tokens", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("--k 0");
        assertThat(run("bench", "encode", "--arch", "mystery", "--d-in", "8", "--d-sae", "32")).isEqualTo(2);
        assertThat(run("bench", "encode", "--tokens", "-1", "--d-in", "8", "--d-sae", "32")).isEqualTo(2);
        assertThat(run("bench", "encode", "--device", "tpu", "--d-in", "8", "--d-sae", "32", "--tokens", "2"))
                .isEqualTo(2);
    }

    @Test
    void benchWithoutSubcommandPrintsUsage() {
        assertThat(run("bench")).isZero();
        assertThat(out.toString()).contains("encode");
    }
}
