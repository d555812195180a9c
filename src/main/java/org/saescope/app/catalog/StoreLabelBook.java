package org.saescope.app.catalog;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.saescope.features.Label;
import org.saescope.features.LabelStore;

/**
 * The labels of one SAE in the shared SQLite label store ({@link LabelStore}: WAL, every change
 * committed before {@link #put} returns, with history), keyed by the SAE's identity. Clearing a
 * label stores an empty one: the store keeps its history, and {@link #all()} leaves it out.
 */
public final class StoreLabelBook implements LabelBook {
    private final LabelStore store;
    private final String saeSha256;
    private final String author;

    public StoreLabelBook(LabelStore store, String saeSha256, String author) {
        this.store = store;
        this.saeSha256 = saeSha256;
        this.author = author == null ? "" : author;
    }

    /** Opens the store at {@code file} for the SAE {@code saeSha256}; the book owns (and closes) it. */
    public static StoreLabelBook open(Path file, String saeSha256) {
        return new StoreLabelBook(LabelStore.open(file), saeSha256, System.getProperty("user.name", ""));
    }

    public Path file() {
        return store.file();
    }

    @Override
    public synchronized FeatureLabel get(int feature) {
        return store.get(saeSha256, feature).map(StoreLabelBook::toApp).orElse(FeatureLabel.empty(feature));
    }

    @Override
    public synchronized void put(FeatureLabel label) {
        store.set(saeSha256, label.feature(), label.label(), label.tags(), label.notes(), author);
    }

    @Override
    public synchronized Map<Integer, FeatureLabel> all() {
        Map<Integer, FeatureLabel> out = new TreeMap<>();
        for (Label l : store.all(saeSha256)) {
            FeatureLabel f = toApp(l);
            if (!f.label().isEmpty() || !f.tags().isEmpty() || !f.notes().isEmpty()) {
                out.put(f.feature(), f);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public synchronized List<Label> records() {
        return store.all(saeSha256).stream()
                .filter(l -> !l.label().isEmpty() || !l.tags().isEmpty() || !l.notes().isEmpty()).toList();
    }

    private static FeatureLabel toApp(Label l) {
        return new FeatureLabel(l.feature(), l.label(), l.tags(), l.notes());
    }

    @Override
    public synchronized void close() {
        store.close();
    }
}
