package org.saescope.app.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The recently opened models, SAEs and indexes, newest first, at most {@value #MAX}, kept in
 * {@code recent.json} in the config directory. A damaged file is ignored (it is only a convenience),
 * and writes go through a temp file and a rename.
 */
public final class RecentItems {
    public static final int MAX = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Item(PathKinds.Kind kind, Path path) {
    }

    private final Path file;
    private final List<Item> items = new ArrayList<>();

    public RecentItems(Path configDir) {
        this.file = configDir.resolve("recent.json");
        load();
    }

    public synchronized List<Item> items() {
        return List.copyOf(items);
    }

    /** Moves (or adds) {@code path} to the front and saves. */
    public synchronized void add(PathKinds.Kind kind, Path path) {
        Item item = new Item(kind, path.toAbsolutePath().normalize());
        items.removeIf(i -> i.path().equals(item.path()));
        items.add(0, item);
        while (items.size() > MAX) {
            items.remove(items.size() - 1);
        }
        save();
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            for (JsonNode n : root.path("recent")) {
                try {
                    items.add(new Item(PathKinds.Kind.valueOf(n.path("kind").asText()), Path.of(n.path("path").asText())));
                } catch (IllegalArgumentException e) {
                    // an entry this version does not know: skip it
                }
            }
        } catch (IOException e) {
            items.clear();
        }
    }

    private void save() {
        ArrayNode arr = JSON.createArrayNode();
        for (Item i : items) {
            arr.addObject().put("kind", i.kind().name()).put("path", i.path().toString());
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "recent", ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), JSON.createObjectNode().set("recent", arr));
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // A read-only config dir loses the recent list, nothing else: not worth an error dialog.
            System.getLogger(RecentItems.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot save " + file + ": " + e.getMessage());
        }
    }
}
