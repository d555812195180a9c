package org.saescope.app.triage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.catalog.FeatureLabel;
import org.saescope.app.model.AppModel;
import org.saescope.app.task.JobHandle;
import org.saescope.app.task.Lane;

/**
 * The analyst's queue: features one at a time, keyboard first. Digits pick a concept suggestion,
 * typing edits the label, {@link #commit()} (Enter) saves and moves on; next/previous move without
 * saving. The counters say how many of the queue are labelled and how many are left.
 */
public final class TriageViewModel {
    private final AppModel app;
    private final List<Integer> queue = new ArrayList<>();
    private final Set<Integer> done = new HashSet<>();
    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper feature = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper doneCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper remaining = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper size = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<FeatureDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ObservableList<FeatureDetail.ConceptMatch> suggestions = FXCollections.observableArrayList();
    private final StringProperty labelText = new SimpleStringProperty("");
    private JobHandle fetch;

    public TriageViewModel(AppModel app) {
        this.app = app;
    }

    /** Starts a queue over every feature of the open SAE that has no label yet. */
    public void startUnlabelled() {
        FeatureCatalog c = app.workspace().catalog();
        if (c == null) {
            start(List.of());
            return;
        }
        List<Integer> ids = new ArrayList<>();
        for (int f = 0; f < c.featureCount(); f++) {
            if (!app.label(f).isLabelled()) {
                ids.add(f);
            }
        }
        start(ids);
    }

    /** Starts a queue over {@code features} (e.g. what the browser's filter shows). */
    public void start(List<Integer> features) {
        queue.clear();
        queue.addAll(features);
        done.clear();
        size.set(queue.size());
        updateCounters();
        go(queue.isEmpty() ? -1 : 0);
    }

    public void next() {
        if (position.get() + 1 < queue.size()) {
            go(position.get() + 1);
        }
    }

    public void previous() {
        if (position.get() > 0) {
            go(position.get() - 1);
        }
    }

    /** Suggestion {@code i} (0-based) as the list shows it: "1  past-tense verb (vbd)   (P 0.62, R 0.40)". */
    public static String suggestionText(int i, FeatureDetail.ConceptMatch c) {
        return String.format(Locale.ROOT, "%d  %s   (P %.2f, R %.2f)", i + 1, c.asLabel(), c.precision(), c.recall());
    }

    /** Digit {@code n} (1-based): the n-th suggestion becomes the label text. Returns false if there is none. */
    public boolean pick(int n) {
        if (n < 1 || n > suggestions.size()) {
            return false;
        }
        labelText.set(suggestions.get(n - 1).asLabel());
        return true;
    }

    /** Saves the label text of the current feature (if any text) and moves to the next one. */
    public void commit() {
        int f = feature.get();
        if (f < 0) {
            return;
        }
        String text = labelText.get().strip();
        if (!text.isEmpty()) {
            app.saveLabel(app.label(f).withLabel(text));
            done.add(f);
            updateCounters();
        }
        if (position.get() + 1 < queue.size()) {
            go(position.get() + 1);
        } else {
            go(position.get()); // stay on the last one, with its saved label shown
        }
    }

    private void go(int pos) {
        position.set(pos);
        int f = pos < 0 ? -1 : queue.get(pos);
        feature.set(f);
        labelText.set(f < 0 ? "" : app.label(f).label());
        suggestions.clear();
        detail.set(null);
        FeatureCatalog c = app.workspace().catalog();
        if (f < 0 || c == null) {
            return;
        }
        if (fetch != null && !fetch.isDone()) {
            fetch.cancel();
        }
        fetch = app.runner().submit(Lane.MODEL, "Loading feature " + f, ctx -> c.detail(f).orElse(null), d -> {
            if (feature.get() == f) {
                detail.set(d);
                suggestions.setAll(d == null ? List.of() : d.concepts());
            }
        }, err -> app.report("Loading feature " + f, err));
    }

    private void updateCounters() {
        doneCount.set(done.size());
        remaining.set(queue.size() - done.size());
    }

    public ReadOnlyIntegerProperty featureProperty() {
        return feature.getReadOnlyProperty();
    }

    /** Index in the queue (0-based), -1 when empty. */
    public ReadOnlyIntegerProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty doneProperty() {
        return doneCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty remainingProperty() {
        return remaining.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty sizeProperty() {
        return size.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FeatureDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ObservableList<FeatureDetail.ConceptMatch> suggestions() {
        return suggestions;
    }

    public StringProperty labelTextProperty() {
        return labelText;
    }

    /** The label the current feature has now (for display next to the field). */
    public FeatureLabel currentLabel() {
        return app.label(feature.get());
    }
}
