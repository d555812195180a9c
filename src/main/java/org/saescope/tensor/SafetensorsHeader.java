package org.saescope.tensor;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated JSON header of a safetensors file: tensors in file order with
 * their byte ranges (relative to the start of the data section) and the {@code __metadata__} map.
 * Pure: bytes in, header or {@link TensorFormatException} out, so it can be fuzzed on its own.
 */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";

    /** One tensor: what it is and where its bytes lie, relative to the start of the data section. */
    record Entry(TensorInfo info, long begin, long end) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(Map<String, Entry> entries, Map<String, String> metadata) {
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Tensors by name, in file order. */
    Map<String, Entry> entries() {
        return entries;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Parses and validates {@code json} (the header bytes) for a file whose data section is
     * {@code dataSize} bytes long. {@code file} is only used in messages.
     */
    static SafetensorsHeader parse(Path file, byte[] json, long dataSize) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw new TensorFormatException(file, "safetensors header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TensorFormatException(file, "safetensors header is not valid JSON: "
                    + describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new TensorFormatException(file, "safetensors header is not a JSON object");
        }

        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.put(name, readEntry(file, name, field.getValue(), dataSize));
            }
        }
        checkNoOverlap(file, entries);
        return new SafetensorsHeader(entries, metadata);
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        return e.getOriginalMessage() + where;
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> into) {
        if (!node.isObject()) {
            throw new TensorFormatException(file, METADATA_KEY + " is not a JSON object of strings");
        }
        for (Map.Entry<String, JsonNode> kv : node.properties()) {
            if (!kv.getValue().isTextual()) {
                throw new TensorFormatException(file, METADATA_KEY + " value for key '" + kv.getKey()
                        + "' is not a string");
            }
            into.put(kv.getKey(), kv.getValue().textValue());
        }
    }

    private static Entry readEntry(Path file, String name, JsonNode node, long dataSize) {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) {
            throw new TensorFormatException(file, where + "entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null) {
            throw new TensorFormatException(file, where + "missing field \"dtype\"");
        }
        if (!dtypeNode.isTextual()) {
            throw new TensorFormatException(file, where + "\"dtype\" is not a string");
        }
        DType dtype = DType.fromSafetensorsName(dtypeNode.textValue());
        if (dtype == null) {
            throw new TensorFormatException(file, where + "unknown dtype \"" + dtypeNode.textValue()
                    + "\" (SAEscope reads F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        }

        long[] shape = longArray(file, where, node, "shape", -1);
        long numel = 1;
        long bytes;
        try {
            for (long d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            bytes = Math.multiplyExact(numel, (long) dtype.size());
        } catch (ArithmeticException e) {
            throw new TensorFormatException(file, where + "shape " + java.util.Arrays.toString(shape)
                    + " product overflows");
        }

        long[] offsets = longArray(file, where, node, "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        String range = "data_offsets [" + begin + ", " + end + "]";
        if (begin > end) {
            throw new TensorFormatException(file, where + range + " are reversed (begin > end)");
        }
        if (end > dataSize) {
            throw new TensorFormatException(file, where + range + " reach past the end of the data ("
                    + dataSize + " bytes): the file is truncated or its header is wrong");
        }
        if (end - begin != bytes) {
            throw new TensorFormatException(file, where + range + " hold " + (end - begin)
                    + " bytes but shape " + java.util.Arrays.toString(shape) + " of " + dtype
                    + " needs " + bytes + " (size does not match shape)");
        }
        return new Entry(new TensorInfo(name, dtype, shape), begin, end);
    }

    /** A JSON array of non-negative integers that fit a long; {@code expectedLength} -1 means any. */
    private static long[] longArray(Path file, String where, JsonNode entry, String field, int expectedLength) {
        JsonNode node = entry.get(field);
        if (node == null) {
            throw new TensorFormatException(file, where + "missing field \"" + field + "\"");
        }
        if (!node.isArray()) {
            throw new TensorFormatException(file, where + "\"" + field + "\" is not a JSON array");
        }
        if (expectedLength >= 0 && node.size() != expectedLength) {
            throw new TensorFormatException(file, where + "\"" + field + "\" has " + node.size()
                    + " entries, expected " + expectedLength);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            String what = where + "\"" + field + "\" entry " + abbreviate(v.toString());
            if (!v.isIntegralNumber()) {
                throw new TensorFormatException(file, what + " is not an integer");
            }
            if (!v.canConvertToLong()) {
                throw new TensorFormatException(file, what + " is too large");
            }
            if (v.longValue() < 0) {
                throw new TensorFormatException(file, what + " is negative");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Two tensors may not share bytes (empty tensors share nothing, wherever they point). */
    private static void checkNoOverlap(Path file, Map<String, Entry> entries) {
        List<Entry> byStart = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.end() > e.begin()) {
                byStart.add(e);
            }
        }
        byStart.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < byStart.size(); i++) {
            Entry prev = byStart.get(i - 1);
            Entry cur = byStart.get(i);
            if (cur.begin() < prev.end()) {
                throw new TensorFormatException(file, "tensors '" + prev.info().name() + "' and '"
                        + cur.info().name() + "' overlap in the data section");
            }
        }
    }
}
