package org.saescope.app.shell;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.saescope.app.browser.FeatureBrowserView;
import org.saescope.app.browser.FeatureBrowserViewModel;
import org.saescope.app.browser.FeatureDashboardView;
import org.saescope.app.browser.FeatureDashboardViewModel;
import org.saescope.app.model.AppError;
import org.saescope.app.model.AppModel;
import org.saescope.app.prompt.PromptView;
import org.saescope.app.prompt.PromptViewModel;
import org.saescope.app.session.HfCacheModels;
import org.saescope.app.session.RecentItems;
import org.saescope.app.steer.SteeringView;
import org.saescope.app.steer.SteeringViewModel;
import org.saescope.app.task.JobsModel;
import org.saescope.app.task.Lane;
import org.saescope.app.triage.TriageView;
import org.saescope.app.triage.TriageViewModel;
import org.saescope.features.LabelExchange;
import org.saescope.lm.HfCache;

/**
 * The main window: menu, the tabs (Prompt, Features, Triage, Steering, and the superposition
 * {@link org.saescope.app.lab.LabTab Lab}), an "open a model" state when nothing is open,
 * drag-and-drop of folders, and the status bar.
 */
public final class MainWindow extends BorderPane {
    public static final String LIGHT_CSS = MainWindow.class.getResource("/org/saescope/app/app.css").toExternalForm();
    public static final String DARK_CSS = MainWindow.class.getResource("/org/saescope/app/dark.css").toExternalForm();

    private final AppModel app;
    private final TabPane tabs = new TabPane();
    private final PromptViewModel promptVm;
    private final FeatureDashboardViewModel dashboardVm;
    private final FeatureBrowserViewModel browserVm;
    private final TriageViewModel triageVm;
    private final SteeringViewModel steeringVm;
    private final PromptView promptView;
    private final FeatureDashboardView dashboardView;
    private final Menu recentMenu = new Menu("Open recent");
    private final Menu cacheMenu = new Menu("Models in the Hugging Face cache");
    private Stage stage;

    public MainWindow(AppModel app, JobsModel jobs) {
        this.app = app;
        promptVm = new PromptViewModel(app);
        dashboardVm = new FeatureDashboardViewModel(app);
        browserVm = new FeatureBrowserViewModel(app);
        triageVm = new TriageViewModel(app);
        steeringVm = new SteeringViewModel(app);
        promptView = new PromptView(promptVm, app);
        dashboardView = new FeatureDashboardView(dashboardVm, app);

        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(
                tab("Prompt", promptView),
                tab("Features", new FeatureBrowserView(browserVm, dashboardView)),
                tab("Triage", new TriageView(triageVm, () -> triageVm.start(browserVm.shownIds()))),
                tab("Steering", new SteeringView(steeringVm)),
                labTab());

        StackPane center = new StackPane(tabs, emptyState());
        setTop(menus());
        setCenter(center);
        setBottom(new StatusBarView(jobs, app));

        app.openedFeatureProperty().addListener((o, a, f) -> {
            if (f >= 0) {
                dashboardVm.show(f);
                tabs.getSelectionModel().select(1);
            }
        });
        app.recent().addListener((javafx.collections.ListChangeListener<RecentItems.Item>) c -> fillRecent());
        fillRecent();
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            files.forEach(f -> app.open(f.toPath()));
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
        promptVm.textProperty().set("The cat sat on the mat, and the dog");
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setId("tab" + name);
        return t;
    }

    /** The superposition lab (self-contained: it trains toy models on its own background threads). */
    private static Tab labTab() {
        Tab t = new org.saescope.app.lab.LabTab();
        t.setText("Lab");
        t.setId("tabLab");
        return t;
    }

    /** Shown over the tabs while no model is open. */
    private Node emptyState() {
        Label title = new Label("Open a model to begin");
        title.getStyleClass().add("title");
        Label hint = new Label();
        hint.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> switch (app.demoStateProperty().get()) {
            case "" -> "Looking for the bundled demo…";
            case "absent" -> "The bundled demo (assets/models/brown-gpt2) was not found here.\n"
                    + "Open a Hugging Face model folder, then an SAE — or drag folders onto this window.";
            case "failed" -> "The bundled demo could not be opened (see the message). Open a model instead.";
            default -> "";
        }, app.demoStateProperty()));
        hint.setWrapText(true);
        Button model = new Button("Open model…");
        model.setId("emptyOpenModel");
        model.setOnAction(e -> chooseModel());
        Button sae = new Button("Open SAE…");
        sae.setOnAction(e -> chooseSae());
        VBox box = new VBox(title, hint, model, sae);
        box.getStyleClass().addAll("empty-state");
        box.setStyle("-fx-background-color: -fx-background;");
        box.setId("emptyState");
        box.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> app.workspace().model() == null, app.workspaceProperty()));
        return box;
    }

    private MenuBar menus() {
        MenuItem openModel = item("Open model…", "Ctrl+O", this::chooseModel);
        openModel.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        MenuItem openSae = item("Open SAE…", null, this::chooseSae);
        openSae.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        MenuItem openIndex = item("Open index…", null, this::chooseIndex);
        openIndex.setAccelerator(new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN));
        MenuItem export = item("Export labels…", null, this::exportLabels);
        export.setAccelerator(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN));
        MenuItem quit = item("Quit", null, () -> {
            if (stage != null) {
                stage.close();
            }
        });
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        cacheMenu.getItems().add(new MenuItem("(looking…)"));
        cacheMenu.setOnShowing(e -> fillCache());
        Menu file = new Menu("File", null, openModel, openSae, openIndex, recentMenu, cacheMenu, new SeparatorMenuItem(), export,
                new SeparatorMenuItem(), quit);
        file.setId("menuFile");

        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setAccelerator(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN));
        dark.selectedProperty().bindBidirectional(app.darkProperty());
        Menu view = new Menu("View", null, dark, new SeparatorMenuItem());
        String[] names = {"Prompt", "Features", "Triage", "Steering", "Lab"};
        for (int i = 0; i < names.length; i++) {
            int idx = i;
            MenuItem go = item(names[i], null, () -> tabs.getSelectionModel().select(idx));
            go.setAccelerator(new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf(i + 1)), KeyCombination.SHORTCUT_DOWN));
            view.getItems().add(go);
        }
        MenuItem keys = item("Keyboard shortcuts", null, this::showShortcuts);
        keys.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        Menu help = new Menu("Help", null, keys);
        return new MenuBar(file, view, help);
    }

    private static MenuItem item(String text, String unused, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setOnAction(e -> action.run());
        return m;
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (RecentItems.Item i : app.recent()) {
            recentMenu.getItems().add(item(i.kind().name().toLowerCase() + ": " + i.path(), null, () -> app.open(i.path())));
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** Lists the cache on the IO lane (it is a folder scan), then fills the submenu. */
    private void fillCache() {
        app.runner().submit(Lane.IO, "Looking in the Hugging Face cache", ctx -> HfCacheModels.list(HfCache.fromEnvironment()), ids -> {
            cacheMenu.getItems().clear();
            for (String id : ids) {
                cacheMenu.getItems().add(item(id, null, () -> app.openCachedModel(id)));
            }
            if (ids.isEmpty()) {
                MenuItem none = new MenuItem("(none found in " + HfCache.fromEnvironment().hub() + ")");
                none.setDisable(true);
                cacheMenu.getItems().add(none);
            }
        }, err -> app.report("Reading the Hugging Face cache", err));
    }

    private void chooseModel() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a Hugging Face model folder (config.json, *.safetensors, tokenizer.json)");
        File f = dc.showDialog(getScene().getWindow());
        if (f != null) {
            app.openModel(f.toPath());
        }
    }

    private void chooseSae() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open an SAE folder (SAELens, sparsify, Gemma Scope, …)");
        File f = dc.showDialog(getScene().getWindow());
        if (f != null) {
            app.openSae(f.toPath());
        }
    }

    private void chooseIndex() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a feature index");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("SAEscope index", "*.sqlite"));
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f != null) {
            app.openIndex(f.toPath());
        }
    }

    /** Labels as Neuronpedia-style explanation records (JSON or CSV), the formats {@code saescope labels} reads. */
    private void exportLabels() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export labels");
        FileChooser.ExtensionFilter json = new FileChooser.ExtensionFilter("Neuronpedia explanations, JSON", "*.json");
        FileChooser.ExtensionFilter csv = new FileChooser.ExtensionFilter("Neuronpedia explanations, CSV", "*.csv");
        fc.getExtensionFilters().addAll(json, csv);
        fc.setInitialFileName("labels.json");
        File f = fc.showSaveDialog(getScene().getWindow());
        if (f == null) {
            return;
        }
        boolean asCsv = f.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                || fc.getSelectedExtensionFilter() == csv && !f.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        app.exportLabels(f.toPath(), asCsv ? LabelExchange.Format.CSV : LabelExchange.Format.JSON, n -> { });
    }

    private void showShortcuts() {
        TableView<Shortcuts.Shortcut> t = new TableView<>(javafx.collections.FXCollections.observableArrayList(Shortcuts.ALL));
        TableColumn<Shortcuts.Shortcut, String> k = new TableColumn<>("Keys");
        k.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(d.getValue().keys()));
        k.setPrefWidth(260);
        TableColumn<Shortcuts.Shortcut, String> w = new TableColumn<>("Does");
        w.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(d.getValue().what()));
        w.setPrefWidth(420);
        t.getColumns().add(k);
        t.getColumns().add(w);
        t.setPrefSize(700, 420);
        Alert a = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().setContent(t);
        a.initOwner(getScene().getWindow());
        a.show();
    }

    /** Shows an error or mismatch as a dialog (non-blocking). */
    public void showError(AppError e) {
        Alert a = new Alert(e.mismatch() ? Alert.AlertType.WARNING : Alert.AlertType.ERROR, e.message(), ButtonType.OK);
        a.setTitle(e.title());
        a.setHeaderText(e.title());
        a.getDialogPane().setId("errorDialog");
        a.getDialogPane().setPrefWidth(560);
        if (getScene() != null) {
            a.initOwner(getScene().getWindow());
        }
        a.show();
    }

    /** Puts the window into {@code stage}: scene, theme switching, Esc cancels jobs. */
    public Scene install(Stage s, JobsModel jobs) {
        this.stage = s;
        Scene scene = new Scene(this, 1200, 800);
        scene.getStylesheets().add(LIGHT_CSS);
        app.darkProperty().addListener((o, a, dark) -> {
            if (dark) {
                scene.getStylesheets().add(DARK_CSS);
            } else {
                scene.getStylesheets().remove(DARK_CSS);
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), jobs::cancelAll);
        s.setScene(scene);
        s.setTitle("SAEscope");
        return scene;
    }

    /** Saves what is pending (a label being typed). */
    public void flush() {
        dashboardVm.flush();
    }

    public TabPane tabs() {
        return tabs;
    }

    public PromptViewModel promptViewModel() {
        return promptVm;
    }

    public PromptView promptView() {
        return promptView;
    }

    public FeatureDashboardViewModel dashboardViewModel() {
        return dashboardVm;
    }

    public FeatureDashboardView dashboardView() {
        return dashboardView;
    }

    public TriageViewModel triageViewModel() {
        return triageVm;
    }

    public SteeringViewModel steeringViewModel() {
        return steeringVm;
    }

    public FeatureBrowserViewModel browserViewModel() {
        return browserVm;
    }
}
