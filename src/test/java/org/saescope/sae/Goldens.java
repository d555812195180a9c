package org.saescope.sae;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Test helpers for the fixtures written by src/test/python/sae_golden.py. */
final class Goldens {
    static final double ABS = 1e-5;
    static final double REL = 1e-5;

    private Goldens() {
    }

    /** The fixture root src/test/resources/sae, as a path on disk. */
    static Path root() {
        try {
            return Paths.get(Goldens.class.getResource("/sae").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A [rows][cols] JSON array flattened row-major to floats (as the SAE takes its input). */
    static float[] floats(JsonNode matrix) {
        int rows = matrix.size();
        int cols = matrix.get(0).size();
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) matrix.get(r).get(c).asDouble();
            }
        }
        return out;
    }

    static double[] doubles(JsonNode matrix) {
        int rows = matrix.size();
        int cols = matrix.get(0).size();
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = matrix.get(r).get(c).asDouble();
            }
        }
        return out;
    }

    /** Asserts |actual − expected| ≤ ABS + REL·|expected| element-wise, naming the first miss. */
    static void assertClose(String what, float[] actual, double[] expected) {
        assertThat(actual).as(what + " length").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = ABS + REL * Math.abs(expected[i]);
            assertThat(Math.abs(actual[i] - expected[i]))
                    .as("%s[%d]: got %s, expected %s", what, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(tol);
        }
    }
}
