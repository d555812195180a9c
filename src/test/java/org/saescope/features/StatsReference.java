package org.saescope.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** src/test/resources/features/stats_reference.json, written by src/test/python/features_reference.py. */
final class StatsReference {
    private static JsonNode root;

    private StatsReference() {
    }

    static synchronized JsonNode get() {
        if (root == null) {
            try (InputStream in = StatsReference.class.getResourceAsStream("/features/stats_reference.json")) {
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static float[] floats(JsonNode arr) {
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) arr.get(i).asDouble();
        }
        return out;
    }
}
