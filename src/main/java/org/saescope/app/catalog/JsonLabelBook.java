package org.saescope.app.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saescope.tensor.BadInputException;

/**
 * A label book in one JSON file per SAE ({@code labels-SHA.json} in the user's data directory).
 * Every put rewrites the file through a temp name and an atomic rename, so a crash leaves either
 * the old or the new file, never half of one.
 *
 * <p>Stopgap: the SQLite label store of {@code org.saescope.features} (with history, WAL) replaces
 * it once that lands; the app only sees {@link LabelBook}.
 */
public final class JsonLabelBook implements LabelBook {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<Integer, FeatureLabel> labels = new TreeMap<>();

    private JsonLabelBook(Path file) {
        this.file = file;
    }

    /** Opens (or starts) the book of the SAE whose identity is {@code saeIdentity} under {@code dataDir}. */
    public static JsonLabelBook open(Path dataDir, String saeIdentity) {
        String safe = saeIdentity.replaceAll("[^A-Za-z0-9._-]", "_");
        return openFile(dataDir.resolve("labels").resolve("labels-" + safe + ".json"));
    }

    public static JsonLabelBook openFile(Path file) {
        JsonLabelBook book = new JsonLabelBook(file);
        if (Files.exists(file)) {
            book.read();
        }
        return book;
    }

    public Path file() {
        return file;
    }

    private void read() {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file, "is not a readable label file: " + e.getMessage(), e);
        }
        JsonNode arr = root == null ? null : root.get("labels");
        if (arr == null || !arr.isArray()) {
            throw new BadInputException(file, "has no \"labels\" array");
        }
        for (JsonNode n : arr) {
            if (!n.path("feature").canConvertToInt()) {
                throw new BadInputException(file, "has a label without an integer \"feature\"");
            }
            List<String> tags = new ArrayList<>();
            n.path("tags").forEach(t -> tags.add(t.asText()));
            FeatureLabel l = new FeatureLabel(n.get("feature").asInt(), n.path("label").asText(""), tags,
                    n.path("notes").asText(""));
            labels.put(l.feature(), l);
        }
    }

    @Override
    public synchronized FeatureLabel get(int feature) {
        return labels.getOrDefault(feature, FeatureLabel.empty(feature));
    }

    @Override
    public synchronized void put(FeatureLabel label) {
        if (label.label().isEmpty() && label.tags().isEmpty() && label.notes().isEmpty()) {
            labels.remove(label.feature());
        } else {
            labels.put(label.feature(), label);
        }
        write();
    }

    @Override
    public synchronized Map<Integer, FeatureLabel> all() {
        return Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    private void write() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "saescope-labels/1");
        ArrayNode arr = root.putArray("labels");
        for (FeatureLabel l : labels.values()) {
            ObjectNode n = arr.addObject();
            n.put("feature", l.feature());
            n.put("label", l.label());
            ArrayNode tags = n.putArray("tags");
            l.tags().forEach(tags::add);
            n.put("notes", l.notes());
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be written: " + e.getMessage(), e);
        }
    }
}
