package org.saescope.sae;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.StrictJson;

/**
 * Reads one JSON config file and its fields, turning every surprise (invalid JSON, a field of the
 * wrong type, a missing required field) into a {@link BadInputException} that names the file and
 * the field.
 */
final class ConfigJson {
    private final Path file;
    private final JsonNode root;

    private ConfigJson(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code file}, which must hold a JSON object (see {@link StrictJson}). */
    static ConfigJson read(Path file) {
        return new ConfigJson(file, StrictJson.readObject(file));
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** A nested object, or null when absent or JSON null. */
    JsonNode object(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(field, "an object", v);
        }
        return v;
    }

    boolean has(JsonNode in, String field) {
        JsonNode v = in.get(field);
        return v != null && !v.isNull();
    }

    Integer optInt(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
            throw wrongType(field, "an integer", v);
        }
        return v.asInt();
    }

    int requiredInt(JsonNode in, String field) {
        Integer v = optInt(in, field);
        if (v == null) {
            throw missing(field);
        }
        return v;
    }

    int requiredPositiveInt(JsonNode in, String field) {
        int v = requiredInt(in, field);
        if (v <= 0) {
            throw new BadInputException(file, "field \"" + field + "\" must be positive, got " + v);
        }
        return v;
    }

    Double optDouble(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw wrongType(field, "a number", v);
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw new BadInputException(file, "field \"" + field + "\" must be finite, got " + v);
        }
        return d;
    }

    double requiredDouble(JsonNode in, String field) {
        Double v = optDouble(in, field);
        if (v == null) {
            throw missing(field);
        }
        return v;
    }

    String optString(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return v.asText();
    }

    String requiredString(JsonNode in, String field) {
        String v = optString(in, field);
        if (v == null) {
            throw missing(field);
        }
        return v;
    }

    Boolean optBool(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, "true or false", v);
        }
        return v.asBoolean();
    }

    boolean bool(JsonNode in, String field, boolean dflt) {
        Boolean v = optBool(in, field);
        return v == null ? dflt : v;
    }

    BadInputException missing(String field) {
        return new BadInputException(file, "missing required field \"" + field + "\"");
    }

    BadInputException invalid(String field, String problem) {
        return new BadInputException(file, "field \"" + field + "\": " + problem);
    }

    private BadInputException wrongType(String field, String expected, JsonNode got) {
        String shown = got.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return new BadInputException(file, "field \"" + field + "\" must be " + expected + ", got " + shown);
    }
}
