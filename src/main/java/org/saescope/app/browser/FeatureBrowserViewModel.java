package org.saescope.app.browser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.FeatureLabel;
import org.saescope.app.catalog.FeatureSummary;
import org.saescope.app.model.AppModel;
import org.saescope.app.session.Workspace;
import org.saescope.app.task.Lane;

/**
 * The feature table: every feature of the open SAE with its label, filtered by a search text and
 * a density range. Rows come from the catalog on the model lane; a label change updates its row.
 * The view wraps {@link #rows()} in a SortedList bound to the table's sort order.
 */
public final class FeatureBrowserViewModel {
    private final AppModel app;
    private final ObservableList<FeatureRow> all = FXCollections.observableArrayList();
    private final FilteredList<FeatureRow> filtered = new FilteredList<>(all, r -> true);
    private final StringProperty search = new SimpleStringProperty("");
    private final DoubleProperty densityLow = new SimpleDoubleProperty(DensityRange.MIN);
    private final DoubleProperty densityHigh = new SimpleDoubleProperty(DensityRange.MAX);
    private final ReadOnlyIntegerWrapper shown = new ReadOnlyIntegerWrapper(0);
    private final Map<Integer, Integer> position = new HashMap<>();

    public FeatureBrowserViewModel(AppModel app) {
        this.app = app;
        search.addListener((o, a, b) -> refilter());
        densityLow.addListener((o, a, b) -> refilter());
        densityHigh.addListener((o, a, b) -> refilter());
        app.workspaceProperty().addListener((o, a, b) -> {
            if (a == null || b == null || a.catalog() != b.catalog()) {
                load(b);
            }
        });
        app.labels().addListener((MapChangeListener<Integer, FeatureLabel>) c -> relabel(c.getKey()));
        load(app.workspace());
    }

    private void load(Workspace w) {
        FeatureCatalog catalog = w == null ? null : w.catalog();
        if (catalog == null) {
            all.clear();
            position.clear();
            refilter();
            return;
        }
        app.runner().submit(Lane.MODEL, "Listing features", ctx -> catalog.summaries(), summaries -> {
            if (app.workspace().catalog() != catalog) {
                return; // another catalog opened meanwhile
            }
            List<FeatureRow> rows = new ArrayList<>(summaries.size());
            position.clear();
            for (FeatureSummary s : summaries) {
                position.put(s.id(), rows.size());
                rows.add(new FeatureRow(s, app.label(s.id())));
            }
            all.setAll(rows);
            refilter();
        }, err -> app.report("Listing features", err));
    }

    private void relabel(int feature) {
        Integer i = position.get(feature);
        if (i != null && i < all.size()) {
            all.set(i, new FeatureRow(all.get(i).summary(), app.label(feature)));
            shown.set(filtered.size());
        }
    }

    private void refilter() {
        String q = search.get();
        double lo = densityLow.get();
        double hi = densityHigh.get();
        Predicate<FeatureRow> p = r -> r.matches(q) && r.densityWithin(lo, hi);
        filtered.setPredicate(p);
        shown.set(filtered.size());
    }

    /** The rows that pass the search and the density range, in id order. */
    public ObservableList<FeatureRow> rows() {
        return filtered;
    }

    /** Every feature's row, unfiltered. */
    public ObservableList<FeatureRow> allRows() {
        return FXCollections.unmodifiableObservableList(all);
    }

    public StringProperty searchProperty() {
        return search;
    }

    public DoubleProperty densityLowProperty() {
        return densityLow;
    }

    public DoubleProperty densityHighProperty() {
        return densityHigh;
    }

    public ReadOnlyIntegerProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Ids of the rows now shown (the triage queue can start from them). */
    public List<Integer> shownIds() {
        return filtered.stream().map(FeatureRow::id).toList();
    }
}
