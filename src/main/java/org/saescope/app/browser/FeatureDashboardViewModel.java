package org.saescope.app.browser;

import java.util.Locale;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.catalog.FeatureLabel;
import org.saescope.app.model.AppModel;
import org.saescope.app.task.JobHandle;
import org.saescope.app.task.Lane;

/**
 * One feature's dashboard. Its detail is fetched on the model lane; label, tags and notes save
 * as the user types, {@value #SAVE_DELAY_MS} ms after the last keystroke (and at once when the
 * dashboard switches to another feature), through {@link AppModel#saveLabel} on the IO lane.
 */
public final class FeatureDashboardViewModel {
    public static final long SAVE_DELAY_MS = 400;

    private final AppModel app;
    private final ReadOnlyIntegerWrapper feature = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyObjectWrapper<FeatureDetail> detail = new ReadOnlyObjectWrapper<>();
    private final StringProperty label = new SimpleStringProperty("");
    private final StringProperty tags = new SimpleStringProperty("");
    private final StringProperty notes = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper saveState = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper histogramTitle = new ReadOnlyStringWrapper("");
    private boolean loading;
    private Runnable pendingSave;
    private JobHandle fetch;

    public FeatureDashboardViewModel(AppModel app) {
        this.app = app;
        label.addListener((o, a, b) -> edited());
        tags.addListener((o, a, b) -> edited());
        notes.addListener((o, a, b) -> edited());
        app.workspaceProperty().addListener((o, a, b) -> {
            flush();
            if (b.catalog() == null) {
                show(-1);
            } else if (feature.get() >= 0 && feature.get() < b.catalog().featureCount()) {
                show(feature.get());
            } else {
                show(-1);
            }
        });
    }

    public ReadOnlyIntegerProperty featureProperty() {
        return feature.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FeatureDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public StringProperty labelProperty() {
        return label;
    }

    /** Comma-separated. */
    public StringProperty tagsProperty() {
        return tags;
    }

    public StringProperty notesProperty() {
        return notes;
    }

    /** "", "Editing…", "Saved". */
    public ReadOnlyStringProperty saveStateProperty() {
        return saveState.getReadOnlyProperty();
    }

    /** The histogram's title, which states the density. */
    public ReadOnlyStringProperty histogramTitleProperty() {
        return histogramTitle.getReadOnlyProperty();
    }

    /** Shows feature {@code f} (-1 clears), saving any pending edit of the previous one first. */
    public void show(int f) {
        flush();
        FeatureCatalog catalog = app.workspace().catalog();
        loading = true;
        try {
            feature.set(f);
            FeatureLabel l = app.label(f);
            label.set(l.label());
            tags.set(String.join(", ", l.tags()));
            notes.set(l.notes());
        } finally {
            loading = false;
        }
        saveState.set("");
        detail.set(null);
        histogramTitle.set("");
        if (fetch != null && !fetch.isDone()) {
            fetch.cancel();
        }
        if (f < 0 || catalog == null) {
            return;
        }
        fetch = app.runner().submit(Lane.MODEL, "Loading feature " + f, ctx -> catalog.detail(f).orElse(null), d -> {
            if (feature.get() == f) {
                histogramTitle.set(titleFor(d)); // before detail: the view builds its sections on detail
                detail.set(d);
            }
        }, err -> app.report("Loading feature " + f, err));
    }

    static String titleFor(FeatureDetail d) {
        if (d == null) {
            return "";
        }
        double density = d.summary().density();
        if (Double.isNaN(density)) {
            return "Activation histogram (no index loaded: density unknown)";
        }
        return String.format(Locale.ROOT, "Activation histogram — density %.3g%% (fires on 1 token in %s)",
                density * 100, density > 0 ? String.format(Locale.ROOT, "%,.0f", 1 / density) : "∞");
    }

    private void edited() {
        if (loading || feature.get() < 0) {
            return;
        }
        saveState.set("Editing…");
        if (pendingSave != null) {
            pendingSave.run();
        }
        pendingSave = app.runner().schedule(SAVE_DELAY_MS, this::saveNow);
    }

    /** Saves the fields now. */
    public void saveNow() {
        if (pendingSave != null) {
            pendingSave.run();
            pendingSave = null;
        }
        int f = feature.get();
        if (f < 0) {
            return;
        }
        app.saveLabel(new FeatureLabel(f, label.get().strip(), FeatureLabel.parseTags(tags.get()), notes.get()));
        saveState.set("Saved");
    }

    /** Saves an edit still waiting for its debounce (switching features, closing the window). */
    public void flush() {
        if (pendingSave != null) {
            saveNow();
        }
    }

    /**
     * Suggestion {@code i} (0-based) as the dashboard lists it: "1. past-tense verb (vbd) —
     * precision 0.62, recall 0.40, F1 0.49", under the name adopting it writes.
     */
    public static String suggestionText(int i, FeatureDetail.ConceptMatch c) {
        return String.format(Locale.ROOT, "%d. %s — precision %.2f, recall %.2f, F1 %.2f", i + 1, c.asLabel(), c.precision(),
                c.recall(), c.f1());
    }

    /** One click on a concept suggestion: its readable name becomes the label, saved at once. */
    public void adopt(FeatureDetail.ConceptMatch concept) {
        label.set(concept.asLabel());
        saveNow();
    }
}
