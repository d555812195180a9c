package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saescope.cli.InfoCommandTest.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.TensorFiles;
import org.saescope.tensor.TensorInfo;
import org.saescope.tensor.TensorSource;

class EncodeCommandTest {
    @TempDir
    Path tmp;

    private static JsonNode json(Path p) throws IOException {
        return new ObjectMapper().readTree(p.toFile());
    }

    @Test
    void f32ActsGiveTheGoldenCodesAndReconstruction() throws IOException {
        Path out = tmp.resolve("codes.safetensors");
        CliRun r = CliRun.of("encode", "--sae", fixture("standard/sae").toString(),
                "--acts", fixture("cli/acts_f32.safetensors").toString(), "--out", out.toString(), "--reconstruct");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("encoded 6 tokens");
        checkOutput(out, json(fixture("standard/golden.json")), true);
    }

    @Test
    void bf16ActsAreWidenedExactly() throws IOException {
        Path out = tmp.resolve("codes.safetensors");
        CliRun r = CliRun.of("encode", "--sae", fixture("standard/sae").toString(),
                "--acts", fixture("cli/acts_bf16.safetensors").toString(), "--out", out.toString(), "--reconstruct");
        assertThat(r.exitCode()).as(r.err()).isZero();
        checkOutput(out, json(fixture("cli/acts_bf16_golden.json")), true);
    }

    @Test
    void withoutReconstructThereIsNoReconstruction() throws IOException {
        Path out = tmp.resolve("codes.safetensors");
        CliRun r = CliRun.of("encode", "--sae", fixture("standard/sae").toString(),
                "--acts", fixture("cli/acts_f32.safetensors").toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        checkOutput(out, json(fixture("standard/golden.json")), false);
    }

    /**
     * indices int64 [n, K] and values f32 [n, K], K = the largest L0 in the golden, each row the
     * golden's positive activations by value descending, padded with -1 / 0.
     */
    private static void checkOutput(Path out, JsonNode g, boolean withRecon) {
        JsonNode acts = g.get("feature_acts");
        int n = acts.size();
        int k = 0;
        for (JsonNode row : acts) {
            int c = 0;
            for (JsonNode v : row) {
                c += v.asDouble() > 0 ? 1 : 0;
            }
            k = Math.max(k, c);
        }
        try (TensorSource s = TensorFiles.open(out)) {
            TensorInfo idxInfo = s.info("indices");
            assertThat(idxInfo.dtype().name()).isEqualTo("I64");
            assertThat(idxInfo.shape()).containsExactly(n, k);
            assertThat(s.info("values").shape()).containsExactly(n, k);
            long[] idx = s.readI64("indices");
            float[] val = s.readF32("values");
            for (int t = 0; t < n; t++) {
                JsonNode row = acts.get(t);
                int[] order = java.util.stream.IntStream.range(0, row.size())
                        .filter(f -> row.get(f).asDouble() > 0).boxed()
                        .sorted((a, b) -> Double.compare(row.get(b).asDouble(), row.get(a).asDouble()))
                        .mapToInt(Integer::intValue).toArray();
                for (int j = 0; j < k; j++) {
                    if (j < order.length) {
                        assertThat(idx[t * k + j]).as("token %d slot %d", t, j).isEqualTo(order[j]);
                        assertThat((double) val[t * k + j]).isCloseTo(row.get(order[j]).asDouble(),
                                org.assertj.core.data.Offset.offset(1e-5));
                    } else {
                        assertThat(idx[t * k + j]).isEqualTo(-1L);
                        assertThat(val[t * k + j]).isZero();
                    }
                }
            }
            assertThat(s.contains("reconstruction")).isEqualTo(withRecon);
            if (withRecon) {
                float[] rec = s.readF32("reconstruction");
                JsonNode want = g.get("reconstruction");
                assertThat(s.info("reconstruction").shape()).containsExactly(n, want.get(0).size());
                int dIn = want.get(0).size();
                for (int i = 0; i < rec.length; i++) {
                    double e = want.get(i / dIn).get(i % dIn).asDouble();
                    assertThat((double) rec[i]).isCloseTo(e, org.assertj.core.data.Offset.offset(1e-5 + 1e-5 * Math.abs(e)));
                }
            }
        }
    }

    @Test
    void wrongWidthExitsTwoNamingTheFile() {
        Path out = tmp.resolve("codes.safetensors");
        CliRun r = CliRun.of("encode", "--sae", fixture("standard/sae").toString(),
                "--acts", fixture("cli/acts_wrong_width.safetensors").toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("acts_wrong_width.safetensors").contains("width 15").contains("d_in 16");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingActsTensorExitsTwo() throws IOException {
        Path out = tmp.resolve("codes.safetensors");
        CliRun r = CliRun.of("encode", "--sae", fixture("standard/sae").toString(),
                "--acts", fixture("cli/acts_misnamed.safetensors").toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("acts_misnamed.safetensors").contains("missing tensor acts");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("nothing half-written").isEmpty();
        }
    }

    @Test
    void badSaeExitsTwo() {
        Path out = tmp.resolve("codes.safetensors");
        CliRun r = CliRun.of("encode", "--sae", fixture("bad/missing_tensor").toString(),
                "--acts", fixture("cli/acts_f32.safetensors").toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("missing tensor b_dec");
        assertThat(out).doesNotExist();
    }

    @Test
    void outputFolderThatDoesNotExistExitsTwo() {
        Path out = tmp.resolve("no/such/dir/codes.safetensors");
        CliRun r = CliRun.of("encode", "--sae", fixture("standard/sae").toString(),
                "--acts", fixture("cli/acts_f32.safetensors").toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void unavailableDeviceExitsTwo() {
        CliRun r = CliRun.of("encode", "--sae", fixture("standard/sae").toString(),
                "--acts", fixture("cli/acts_f32.safetensors").toString(),
                "--out", tmp.resolve("o.safetensors").toString(), "--device", "tpu");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown device \"tpu\"");
    }

    @Test
    void missingRequiredOptionExitsTwo() {
        CliRun r = CliRun.of("encode", "--sae", fixture("standard/sae").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--acts");
    }
}
