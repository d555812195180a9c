package org.saescope.tensor;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a small JSON file whose top level must be an object (a model's {@code config.json}, a
 * checkpoint's shard index, an SAE's {@code cfg.json}), strictly: a size cap, so that a wrong file
 * cannot exhaust memory, and duplicate keys refused, since a config that says two things is
 * ambiguous. Every failure is a {@link BadInputException} naming the file. The typed accessors stay
 * with each layer's reader, whose messages and conventions differ.
 */
public final class StrictJson {
    /** Config and index files are small; anything bigger is not one. */
    public static final long MAX_BYTES = 16L << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private StrictJson() {
    }

    /** Reads and parses {@code file}, which must hold one JSON object of at most {@link #MAX_BYTES}. */
    public static JsonNode readObject(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a directory, not a JSON file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(file, "is larger than 16 MiB, too large for a config");
            }
            return requireObject(MAPPER.readTree(Files.readAllBytes(file)), file);
        } catch (JsonProcessingException e) {
            throw invalid(file, e);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses JSON text that must be one object (a built-in config); {@code name} stands for the file in messages. */
    public static JsonNode parseObject(String json, Path name) {
        try {
            return requireObject(MAPPER.readTree(json), name);
        } catch (JsonProcessingException e) {
            throw invalid(name, e);
        }
    }

    private static JsonNode requireObject(JsonNode root, Path file) {
        // An empty file parses to a missing node, not null; both are refused here.
        if (root == null || !root.isObject()) {
            throw new BadInputException(file, "must hold a JSON object");
        }
        return root;
    }

    /** Jackson's own message without its source excerpt, plus where in the file the parser stopped. */
    private static BadInputException invalid(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new BadInputException(file, "invalid JSON: " + e.getOriginalMessage() + where, e);
    }
}
