package org.saescope.lm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.saescope.tensor.BadInputException;

/**
 * A Hugging Face {@code config.json}, read strictly: every accessor names the file and the key when
 * a value is missing or has the wrong type, so that a broken checkpoint gets a message, not an NPE.
 */
public final class ConfigJson {
    /** config.json and index files are small; anything bigger is not one. */
    private static final long MAX_BYTES = 16L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path file;
    private final JsonNode root;

    private ConfigJson(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads and parses {@code file}; it must hold a JSON object. */
    public static ConfigJson read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "not found");
        }
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(file, "is larger than 16 MiB, too large for a config");
            }
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file, "is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file, "must hold a JSON object");
        }
        return new ConfigJson(file, root);
    }

    /** Parses JSON text (a built-in config); {@code name} stands for the file in messages. */
    public static ConfigJson parse(String json, Path name) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new BadInputException(name, "must hold a JSON object");
            }
            return new ConfigJson(name, root);
        } catch (IOException e) {
            throw new BadInputException(name, "is not valid JSON: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The raw value of {@code key}, or null when absent. */
    JsonNode node(String key) {
        return root.get(key);
    }

    public boolean has(String key) {
        JsonNode n = root.get(key);
        return n != null && !n.isNull();
    }

    /** {@code model_type}, the key Hugging Face dispatches on. */
    public String modelType() {
        return requireString("model_type");
    }

    public String requireString(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            throw new BadInputException(file, "missing \"" + key + "\"");
        }
        if (!n.isTextual()) {
            throw new BadInputException(file, "\"" + key + "\" must be a string, found " + n);
        }
        return n.asText();
    }

    public String optString(String key, String dflt) {
        return has(key) ? requireString(key) : dflt;
    }

    /** A positive integer (every size in a config is one). */
    public int requirePositiveInt(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            throw new BadInputException(file, "missing \"" + key + "\"");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() <= 0) {
            throw new BadInputException(file, "\"" + key + "\" must be a positive integer, found " + n);
        }
        return n.asInt();
    }

    public int optPositiveInt(String key, int dflt) {
        return has(key) ? requirePositiveInt(key) : dflt;
    }

    /** The first present key among {@code keys} (configs renamed some fields over the years). */
    public int requirePositiveIntAny(String... keys) {
        for (String k : keys) {
            if (has(k)) {
                return requirePositiveInt(k);
            }
        }
        throw new BadInputException(file, "missing \"" + String.join("\" or \"", keys) + "\"");
    }

    /** A non-negative integer token id, or -1 when absent (a list takes its first element). */
    public int optTokenId(String key) {
        JsonNode n = root.get(key);
        if (n != null && n.isArray() && n.size() > 0) {
            n = n.get(0);
        }
        if (n == null || n.isNull() || n.isArray()) {
            return -1;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw new BadInputException(file, "\"" + key + "\" must be a token id, found " + n);
        }
        return n.asInt();
    }

    public double optDouble(String key, double dflt) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw new BadInputException(file, "\"" + key + "\" must be a number, found " + n);
        }
        return n.asDouble();
    }

    public boolean optBool(String key, boolean dflt) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new BadInputException(file, "\"" + key + "\" must be true or false, found " + n);
        }
        return n.asBoolean();
    }

    /** A problem with this config, as an exception naming the file. */
    public BadInputException bad(String problem) {
        return new BadInputException(file, problem);
    }
}
