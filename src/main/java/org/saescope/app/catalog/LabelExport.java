package org.saescope.app.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes labels as JSON (an array of {feature, label, tags, notes}) or CSV (RFC 4180 quoting),
 * through a temp file and a rename. The richer formats of the label store (Neuronpedia records)
 * come with org.saescope.features.
 */
public final class LabelExport {
    private LabelExport() {
    }

    public static void write(Map<Integer, FeatureLabel> labels, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        byte[] bytes = name.endsWith(".csv") ? csv(labels).getBytes(StandardCharsets.UTF_8) : json(labels);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static byte[] json(Map<Integer, FeatureLabel> labels) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ArrayNode arr = m.createArrayNode();
        for (FeatureLabel l : labels.values()) {
            ObjectNode n = arr.addObject();
            n.put("feature", l.feature());
            n.put("label", l.label());
            ArrayNode t = n.putArray("tags");
            l.tags().forEach(t::add);
            n.put("notes", l.notes());
        }
        return m.writerWithDefaultPrettyPrinter().writeValueAsBytes(arr);
    }

    static String csv(Map<Integer, FeatureLabel> labels) {
        StringBuilder b = new StringBuilder("feature,label,tags,notes\r\n");
        for (FeatureLabel l : labels.values()) {
            b.append(l.feature()).append(',').append(q(l.label())).append(',').append(q(String.join(";", l.tags())))
                    .append(',').append(q(l.notes())).append("\r\n");
        }
        return b.toString();
    }

    private static String q(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
