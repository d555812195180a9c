package org.saescope.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.saescope.tensor.BadInputException;

/**
 * Labels to and from files other tools read, as Neuronpedia-style explanation records: the fields
 * of Neuronpedia's explanation exports ({@code modelId}, {@code layer} — the SAE's id there, e.g.
 * {@code 6-res-jb} —, {@code index} as a string, {@code description}, {@code authorId},
 * {@code createdAt} as ISO-8601) plus SAEscope's {@code tags} and {@code notes}.
 *
 * <ul>
 *   <li>JSON: an array of records. Import also takes JSON Lines (one record per line, as
 *       Neuronpedia's bulk exports are) and an object with an {@code explanations} array; it
 *       accepts {@code index} as a number, {@code author} for {@code authorId}, {@code timestamp}
 *       or {@code time} for {@code createdAt} (ISO-8601 or epoch milliseconds), and skips records
 *       with an empty description.</li>
 *   <li>CSV (RFC 4180, UTF-8, header row): {@code modelId,layer,index,description,authorId,createdAt,tags,notes};
 *       tags are joined with {@code ;}.</li>
 * </ul>
 * A file whose records name more than one (modelId, layer) is refused on import: its labels belong
 * to different SAEs. Files are written to a temporary name and renamed.
 */
public final class LabelExchange {
    public enum Format {
        JSON, CSV;

        public static Format parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(null, "unknown label format \"" + s + "\"; use json or csv");
            }
        }
    }

    static final List<String> CSV_HEADER = List.of("modelId", "layer", "index", "description", "authorId", "createdAt", "tags", "notes");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LabelExchange() {
    }

    public static void write(List<Label> labels, Format format, String modelId, String layer, Path out) {
        String text;
        if (format == Format.JSON) {
            ArrayNode arr = JSON.createArrayNode();
            for (Label l : labels) {
                ObjectNode o = arr.addObject();
                o.put("modelId", modelId);
                o.put("layer", layer);
                o.put("index", Integer.toString(l.feature()));
                o.put("description", l.label());
                o.put("authorId", l.author());
                o.put("createdAt", l.time().toString());
                ArrayNode tags = o.putArray("tags");
                l.tags().forEach(tags::add);
                o.put("notes", l.notes());
            }
            try {
                text = JSON.writeValueAsString(arr) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            StringBuilder sb = new StringBuilder();
            csvRow(sb, CSV_HEADER);
            for (Label l : labels) {
                csvRow(sb, List.of(modelId, layer, Integer.toString(l.feature()), l.label(), l.author(), l.time().toString(),
                        String.join(";", l.tags()), l.notes()));
            }
            text = sb.toString();
        }
        writeAtomically(out, text);
    }

    /** Reads the records of {@code file} as labels of the SAE {@code saeSha256}. */
    public static List<Label> read(Path file, Format format, String saeSha256) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadInputException(file, "is not valid UTF-8");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String[]> records = new ArrayList<>(); // modelId, layer, index, description, author, time, tags, notes
        List<List<String>> tagLists = new ArrayList<>();
        if (format == Format.JSON) {
            for (JsonNode n : jsonRecords(file, text)) {
                if (!n.isObject()) {
                    throw new BadInputException(file, "record " + (records.size() + 1) + " is not a JSON object");
                }
                List<String> tags = new ArrayList<>();
                JsonNode t = n.get("tags");
                if (t != null && t.isArray()) {
                    t.forEach(x -> tags.add(x.asText()));
                } else if (t != null && t.isTextual() && !t.asText().isEmpty()) {
                    tags.addAll(Arrays.asList(t.asText().split(";")));
                }
                records.add(new String[] {str(n, "modelId"), str(n, "layer"), str(n, "index"), str(n, "description", "label"),
                    str(n, "authorId", "author"), str(n, "createdAt", "timestamp", "time"), null, str(n, "notes")});
                tagLists.add(tags);
            }
        } else {
            List<List<String>> rows = parseCsv(file, text);
            if (rows.isEmpty()) {
                throw new BadInputException(file, "is empty (expected a header row: " + String.join(",", CSV_HEADER) + ")");
            }
            List<String> header = rows.get(0);
            int[] col = new int[CSV_HEADER.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = header.indexOf(CSV_HEADER.get(i));
            }
            if (col[2] < 0 || col[3] < 0) {
                throw new BadInputException(file, "CSV header lacks \"index\" or \"description\"; expected " + String.join(",", CSV_HEADER));
            }
            for (int r = 1; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                String[] rec = new String[8];
                for (int i = 0; i < 8; i++) {
                    rec[i] = col[i] >= 0 && col[i] < row.size() ? row.get(col[i]) : "";
                }
                records.add(rec);
                tagLists.add(rec[6].isEmpty() ? List.of() : Arrays.asList(rec[6].split(";")));
            }
        }
        Set<String> sources = new LinkedHashSet<>();
        List<Label> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String[] r = records.get(i);
            if (r[3].isEmpty()) {
                continue;
            }
            sources.add(r[0] + " / " + r[1]);
            int index;
            try {
                index = Integer.parseInt(r[2].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(file, "record " + (i + 1) + ": index \"" + r[2] + "\" is not a feature number");
            }
            if (index < 0) {
                throw new BadInputException(file, "record " + (i + 1) + ": negative index " + index);
            }
            out.add(new Label(saeSha256, index, r[3], tagLists.get(i).stream().map(String::strip).filter(s -> !s.isEmpty()).toList(),
                    r[7], r[4], time(file, i, r[5])));
        }
        if (sources.size() > 1) {
            throw new BadInputException(file, "holds labels of several SAEs (" + String.join(", ", sources)
                    + "); split it so each import is one SAE's");
        }
        return out;
    }

    private static List<JsonNode> jsonRecords(Path file, String text) {
        String trimmed = text.strip();
        try {
            if (trimmed.startsWith("[") || trimmed.startsWith("{") && !trimmed.contains("\n")) {
                JsonNode root = JSON.readTree(trimmed);
                if (root.isObject() && root.has("explanations")) {
                    root = root.get("explanations");
                }
                List<JsonNode> out = new ArrayList<>();
                if (root.isArray()) {
                    root.forEach(out::add);
                } else {
                    out.add(root);
                }
                return out;
            }
            if (trimmed.startsWith("{")) {
                JsonNode root = JSON.readTree(trimmed);
                if (root.has("explanations")) {
                    List<JsonNode> out = new ArrayList<>();
                    root.get("explanations").forEach(out::add);
                    return out;
                }
            }
        } catch (JsonProcessingException e) {
            if (trimmed.startsWith("[")) {
                throw new BadInputException(file, "invalid JSON: " + e.getOriginalMessage());
            }
        }
        List<JsonNode> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(lines[i]));
            } catch (JsonProcessingException e) {
                throw new BadInputException(file, "line " + (i + 1) + ": invalid JSON: " + e.getOriginalMessage());
            }
        }
        return out;
    }

    private static String str(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && !v.isNull()) {
                return v.isValueNode() ? v.asText() : v.toString();
            }
        }
        return "";
    }

    private static Instant time(Path file, int record, String s) {
        if (s == null || s.isBlank()) {
            return Instant.EPOCH;
        }
        String t = s.trim();
        try {
            if (t.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(t));
            }
            return Instant.parse(t);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BadInputException(file, "record " + (record + 1) + ": time \"" + s + "\" is neither ISO-8601 nor epoch milliseconds");
        }
    }

    private static void csvRow(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append("\r\n");
    }

    /** RFC 4180: fields separated by commas, quoted fields may hold commas, quotes ("") and line breaks. */
    static List<List<String>> parseCsv(Path file, String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    f.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (f.length() > 0) {
                        throw new BadInputException(file, "line " + line + ": a quote inside an unquoted field");
                    }
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    row.add(f.toString());
                    f.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // part of \r\n
                }
                case '\n' -> {
                    if (any || f.length() > 0) {
                        row.add(f.toString());
                        rows.add(row);
                    }
                    row = new ArrayList<>();
                    f.setLength(0);
                    any = false;
                    line++;
                }
                default -> {
                    f.append(c);
                    any = true;
                }
            }
        }
        if (quoted) {
            throw new BadInputException(file, "line " + line + ": a quoted field is never closed");
        }
        if (any || f.length() > 0) {
            row.add(f.toString());
            rows.add(row);
        }
        return rows;
    }

    private static void writeAtomically(Path out, String text) {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new BadInputException(out, "cannot write: " + e.getMessage(), e);
        }
    }
}
