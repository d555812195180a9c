package org.saescope.app.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.saescope.app.catalog.FeatureCatalog;
import org.saescope.app.catalog.FeatureLabel;
import org.saescope.app.catalog.LabelBook;
import org.saescope.app.session.AppDirs;
import org.saescope.app.session.DemoLocator;
import org.saescope.app.session.LoadedModel;
import org.saescope.app.session.LoadedSae;
import org.saescope.app.session.MismatchException;
import org.saescope.app.session.PathKinds;
import org.saescope.app.session.RecentItems;
import org.saescope.app.session.Workspace;
import org.saescope.app.session.WorkspaceLoader;
import org.saescope.app.task.BackgroundRunner;
import org.saescope.app.task.JobHandle;
import org.saescope.app.task.Lane;
import org.saescope.features.Label;
import org.saescope.features.LabelExchange;
import org.saescope.tensor.BadInputException;

/**
 * The state every screen shares: what is open (the {@link Workspace}), the labels of the open
 * SAE, the recent list, navigation to a feature, and the theme. All opening happens on the model
 * lane; the workspace changes on the UI thread when a load succeeds, and a failure goes to the
 * error handler (a dialog in the app, a list in tests).
 */
public final class AppModel {
    private final BackgroundRunner runner;
    private final WorkspaceLoader loader;
    private final RecentItems recents;
    private final DemoLocator demo;

    private final ReadOnlyObjectWrapper<Workspace> workspace = new ReadOnlyObjectWrapper<>(Workspace.EMPTY);
    private final ObservableMap<Integer, FeatureLabel> labels = FXCollections.observableHashMap();
    private final ObservableList<RecentItems.Item> recent = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Integer> openedFeature = new ReadOnlyObjectWrapper<>(-1);
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<String> demoState = new ReadOnlyObjectWrapper<>("");
    private Consumer<AppError> errors = e -> System.getLogger("saescope").log(System.Logger.Level.ERROR, e.title() + ": " + e.message());

    public AppModel(BackgroundRunner runner, AppDirs dirs, WorkspaceLoader loader, DemoLocator demo) {
        this.runner = runner;
        this.loader = loader;
        this.demo = demo;
        this.recents = new RecentItems(dirs.config());
        recent.setAll(recents.items());
    }

    public BackgroundRunner runner() {
        return runner;
    }

    public void setErrorHandler(Consumer<AppError> handler) {
        this.errors = handler;
    }

    public void report(String action, Throwable t) {
        errors.accept(AppError.of(action, t));
    }

    public ReadOnlyObjectProperty<Workspace> workspaceProperty() {
        return workspace.getReadOnlyProperty();
    }

    public Workspace workspace() {
        return workspace.get();
    }

    /** Labels of the open SAE by feature (only labelled features are present). */
    public ObservableMap<Integer, FeatureLabel> labels() {
        return labels;
    }

    public FeatureLabel label(int feature) {
        return labels.getOrDefault(feature, FeatureLabel.empty(feature));
    }

    public ObservableList<RecentItems.Item> recent() {
        return recent;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** What the startup search for the demo found ("" until it ran). */
    public ReadOnlyObjectProperty<String> demoStateProperty() {
        return demoState.getReadOnlyProperty();
    }

    /** The feature some screen asked to open in the dashboard (the main window switches tabs). */
    public ReadOnlyObjectProperty<Integer> openedFeatureProperty() {
        return openedFeature.getReadOnlyProperty();
    }

    public void openFeature(int feature) {
        openedFeature.set(-1); // fire even when the same feature is asked for twice
        openedFeature.set(feature);
    }

    // ------------------------------------------------------------------ labels

    /**
     * Stores a label: the shared map changes at once (every screen sees it), the write happens on
     * the IO lane. A failed write is reported; the map keeps what the user typed.
     */
    public void saveLabel(FeatureLabel label) {
        LabelBook book = workspace.get().labels();
        if (book == null) {
            return;
        }
        if (label.label().isEmpty() && label.tags().isEmpty() && label.notes().isEmpty()) {
            labels.remove(label.feature());
        } else {
            labels.put(label.feature(), label);
        }
        runner.submit(Lane.IO, "Saving label of feature " + label.feature(), ctx -> {
            book.put(label);
            return null;
        }, ok -> { }, err -> report("Saving a label", err));
    }

    /**
     * Exports the open SAE's labels to {@code file} on the IO lane as Neuronpedia-style explanation
     * records ({@link LabelExchange}: JSON or CSV), with the SAE's model name as {@code modelId} and
     * its hook as {@code layer}, as {@code saescope labels export} writes them. A label typed a
     * moment ago is in it: the IO lane runs its save first.
     */
    public JobHandle exportLabels(Path file, LabelExchange.Format format, Consumer<Integer> done) {
        Workspace w = workspace.get();
        if (w.labels() == null || w.sae() == null) {
            errors.accept(new AppError("Nothing to export", "Open an SAE first: labels belong to an SAE.", false));
            return null;
        }
        LabelBook book = w.labels();
        String modelId = w.sae().sae().config().modelName() == null ? "" : w.sae().sae().config().modelName();
        String layer = w.sae().hook();
        return runner.submit(Lane.IO, "Exporting labels to " + file.getFileName(), ctx -> {
            List<Label> records = book.records();
            LabelExchange.write(records, format, modelId, layer, file);
            return records.size();
        }, done, err -> report("Exporting labels", err));
    }

    // ------------------------------------------------------------------ opening

    /** Opens the bundled demo if there is one; says in {@link #demoStateProperty()} what it found. */
    public JobHandle openDemo() {
        return runner.submit(Lane.MODEL, "Opening the demo", ctx -> {
            Optional<DemoLocator.Demo> found = demo.find();
            if (found.isEmpty()) {
                return null;
            }
            DemoLocator.Demo d = found.get();
            ctx.progress(0.1, "loading the model");
            LoadedModel m = loader.loadModel(d.model());
            List<Throwable> problems = new ArrayList<>();
            Workspace w = Workspace.EMPTY.withModel(m);
            if (d.sae().isPresent()) {
                ctx.progress(0.5, "loading the SAE");
                LoadedSae s = loader.loadSae(d.sae().get(), m);
                FeatureCatalog catalog = loader.bareCatalog(s);
                if (d.index().isPresent()) {
                    ctx.progress(0.8, "opening the index");
                    try {
                        catalog = loader.loadIndex(d.index().get(), s);
                    } catch (BadInputException e) {
                        problems.add(e);
                    }
                }
                w = w.withSae(s, catalog, loader.labelsFor(s));
            }
            return new Loaded(w, w.labels() == null ? Map.of() : w.labels().all(), problems);
        }, loaded -> {
            if (loaded == null) {
                demoState.set("absent");
                return;
            }
            replace(loaded.workspace(), loaded.labels());
            demoState.set("open");
            loaded.problems().forEach(p -> report("Opening the demo index", p));
        }, err -> {
            demoState.set("failed");
            report("Opening the demo", err);
        });
    }

    private record Loaded(Workspace workspace, Map<Integer, FeatureLabel> labels, List<Throwable> problems) {
    }

    /** Opens whatever {@code path} is (a dropped folder, a recent item). */
    public void open(Path path) {
        switch (PathKinds.of(path)) {
            case MODEL -> openModel(path);
            case SAE -> openSae(path);
            case INDEX -> openIndex(path);
            default -> errors.accept(new AppError("Cannot open " + path.getFileName(),
                    path + ": is neither a model folder (config.json), an SAE (cfg.json + weights, params.npz) nor an index (.sqlite)",
                    false));
        }
    }

    public JobHandle openModel(Path dir) {
        return loadModel("Opening model " + dir.getFileName(), () -> loader.loadModel(dir), dir);
    }

    public JobHandle openCachedModel(String id) {
        return loadModel("Opening cached model " + id, () -> loader.loadCachedModel(id), null);
    }

    private JobHandle loadModel(String title, java.util.function.Supplier<LoadedModel> load, Path recentPath) {
        Workspace before = workspace.get();
        return runner.submit(Lane.MODEL, title, ctx -> {
            LoadedModel m = load.get();
            Workspace w = before.withModel(m);
            String dropped = null;
            if (before.sae() != null) {
                try {
                    WorkspaceLoader.checkFits(before.sae(), m);
                } catch (MismatchException e) {
                    dropped = e.getMessage();
                    w = new Workspace(m, null, null, null);
                }
            }
            return new ModelSwap(w, dropped);
        }, swap -> {
            Workspace old = workspace.get();
            Map<Integer, FeatureLabel> keep = swap.workspace().labels() == null ? Map.of() : Map.copyOf(labels);
            replace(swap.workspace(), keep);
            closeLater(old, swap.workspace());
            if (recentPath != null) {
                remember(PathKinds.Kind.MODEL, recentPath);
            }
            if (swap.droppedSae() != null) {
                errors.accept(new AppError("Mismatch: the open SAE was closed",
                        "The open SAE does not fit the new model: " + swap.droppedSae(), true));
            }
        }, err -> report("Opening a model", err));
    }

    private record ModelSwap(Workspace workspace, String droppedSae) {
    }

    public JobHandle openSae(Path path) {
        Workspace before = workspace.get();
        return runner.submit(Lane.MODEL, "Opening SAE " + path.getFileName(), ctx -> {
            LoadedSae s = loader.loadSae(path, before.model());
            LabelBook book = loader.labelsFor(s);
            return new Loaded(before.withSae(s, loader.bareCatalog(s), book), book.all(), List.of());
        }, loaded -> {
            Workspace old = workspace.get();
            replace(loaded.workspace(), loaded.labels());
            closeLater(old, loaded.workspace());
            remember(PathKinds.Kind.SAE, path);
        }, err -> report("Opening an SAE", err));
    }

    public JobHandle openIndex(Path file) {
        Workspace before = workspace.get();
        return runner.submit(Lane.MODEL, "Opening index " + file.getFileName(), ctx -> {
            if (before.sae() == null) {
                throw new BadInputException(file, "is an index of an SAE's features: open the SAE first");
            }
            return loader.loadIndex(file, before.sae());
        }, catalog -> {
            Workspace old = workspace.get();
            Workspace w = old.withCatalog(catalog);
            workspace.set(w);
            closeLater(old, w);
            remember(PathKinds.Kind.INDEX, file);
        }, err -> report("Opening an index", err));
    }

    private void replace(Workspace w, Map<Integer, FeatureLabel> newLabels) {
        labels.clear();
        labels.putAll(newLabels);
        workspace.set(w);
    }

    /** Closes what the old workspace had and the new one does not, on the model lane, after queued work. */
    private void closeLater(Workspace old, Workspace now) {
        runner.submit(Lane.MODEL, "Closing", ctx -> {
            if (old.catalog() != null && old.catalog() != now.catalog()) {
                old.catalog().close();
            }
            if (old.labels() != null && old.labels() != now.labels()) {
                old.labels().close();
            }
            if (old.sae() != null && old.sae() != now.sae()) {
                old.sae().sae().close();
            }
            if (old.model() != null && old.model() != now.model()) {
                old.model().lm().close();
            }
            return null;
        }, ok -> { }, err -> report("Closing", err));
    }

    private void remember(PathKinds.Kind kind, Path path) {
        runner.submit(Lane.IO, "Saving the recent list", ctx -> {
            recents.add(kind, path);
            return recents.items();
        }, recent::setAll, err -> { });
    }

    /** Closes everything (on exit). */
    public void shutdown() {
        Workspace w = workspace.get();
        closeLater(w, Workspace.EMPTY);
    }
}
