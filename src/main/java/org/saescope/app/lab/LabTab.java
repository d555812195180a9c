package org.saescope.app.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.saescope.app.PngExport;
import org.saescope.lab.FeatureGeometry;
import org.saescope.lab.PhaseDiagram;
import org.saescope.lab.ToyModelPreset;
import org.saescope.lab.ToySaeArch;
import org.saescope.lab.ToySnapshot;

/**
 * The superposition lab: toy models of superposition (Elhage et al. 2022) trained live, and SAEs
 * that recover their features (Sharkey et al. 2022). Self-contained: add it to any TabPane.
 * All work runs through {@link LabViewModel} off the FX thread; pictures redraw when its
 * read-only properties change.
 */
public final class LabTab extends Tab {
    private static final double PW = 250;
    private static final double PH = 200;

    private final LabViewModel vm;
    private final LabControls controls = new LabControls();
    private final Map<String, PicturePane> pictures = new LinkedHashMap<>();

    private final PictureCanvas<Curve> loss = new PictureCanvas<>(PW, PH, new CurvePainter());
    private final PictureCanvas<InstanceView> arrows = new PictureCanvas<>(PW, PH, new ColumnArrowsPainter());
    private final PictureCanvas<Heatmap> gram = new PictureCanvas<>(PW, PH, new HeatmapPainter());
    private final PictureCanvas<Heatmap> bias = new PictureCanvas<>(PW, 70, new HeatmapPainter());
    private final PictureCanvas<InstanceView> norms = new PictureCanvas<>(PW, PH, new NormBarsPainter());
    private final PictureCanvas<ToySnapshot> dims = new PictureCanvas<>(PW, PH, new DimensionalityPainter());
    private final PictureCanvas<PhaseDiagram> phase = new PictureCanvas<>(PW, PH, new PhaseDiagramPainter());
    private final PictureCanvas<DecoderView> decoder = new PictureCanvas<>(PW, PH, new DecoderPainter());
    private final PictureCanvas<Curve> mmcs = new PictureCanvas<>(PW, PH, new CurvePainter());

    /** The app's tab: a background runner with one training thread per core, updates via runLater. */
    public LabTab() {
        this(new LabViewModel(new ExecutorLabRunner(0), Platform::runLater));
    }

    public LabTab(LabViewModel vm) {
        super("Superposition lab");
        this.vm = vm;
        setClosable(false);
        BorderPane root = new BorderPane();
        ScrollPane left = new ScrollPane(buildControls());
        left.setFitToWidth(true);
        left.setPrefWidth(270);
        root.setLeft(left);
        ScrollPane center = new ScrollPane(buildPictures());
        root.setCenter(center);
        Label status = new Label();
        status.setId("labStatus");
        status.textProperty().bind(vm.statusProperty());
        status.setPadding(new Insets(3, 6, 3, 6));
        root.setBottom(status);
        setContent(root);
        wire();
    }

    public LabViewModel viewModel() {
        return vm;
    }

    /** FX thread: writes one picture (by canvas id, e.g. "arrowsCanvas") as PNG. */
    public void exportPng(String canvasId, Path file) throws IOException {
        PicturePane pane = pictures.get(canvasId);
        if (pane == null) {
            throw new IllegalArgumentException("no picture " + canvasId + "; have " + pictures.keySet());
        }
        PngExport.write(pane.canvas(), file);
    }

    private Node buildControls() {
        VBox box = new VBox(6);
        box.setPadding(new Insets(8));
        ComboBox<ToyModelPreset> presets = new ComboBox<>();
        presets.getItems().setAll(ToyModelPreset.values());
        presets.setId("presetChoice");
        presets.valueProperty().bindBidirectional(vm.presetProperty());

        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(4);
        int r = 0;
        grid.addRow(r++, new Label("features n"), controls.intSpinner("nSpinner", vm.nProperty(), 1, 1000, 1));
        grid.addRow(r++, new Label("hidden m"), controls.intSpinner("mSpinner", vm.mProperty(), 1, 1000, 1));
        grid.addRow(r++, new Label("instances"), controls.intSpinner("instancesSpinner", vm.instancesProperty(), 1, 256, 1));
        grid.addRow(r++, new Label("1−S dense end"), controls.doubleSpinner("maxDensitySpinner", vm.maxDensityProperty(), 0.0001, 1, 0.05));
        grid.addRow(r++, new Label("1−S sparse end"), controls.doubleSpinner("minDensitySpinner", vm.minDensityProperty(), 0.0001, 1, 0.01));
        grid.addRow(r++, new Label("importance r"), controls.doubleSpinner("decaySpinner", vm.importanceDecayProperty(), 0.01, 1, 0.05));
        grid.addRow(r++, new Label("steps"), controls.intSpinner("stepsSpinner", vm.stepsProperty(), 10, 1_000_000, 500));
        grid.addRow(r++, new Label("seed"), controls.intSpinner("seedSpinner", vm.seedProperty(), 0, Integer.MAX_VALUE, 1));

        Button train = new Button("Train");
        train.setId("trainButton");
        train.setDefaultButton(true);
        train.disableProperty().bind(vm.trainingProperty());
        train.setOnAction(e -> vm.train());
        Button cancel = new Button("Cancel");
        cancel.setId("cancelButton");
        cancel.disableProperty().bind(vm.trainingProperty().not());
        cancel.setOnAction(e -> vm.cancel());

        Slider instance = new Slider(0, 1, 0);
        instance.setId("instanceSlider");
        instance.setMajorTickUnit(1);
        instance.setMinorTickCount(0);
        instance.setSnapToTicks(true);
        instance.maxProperty().bind(vm.instancesProperty().subtract(1));
        instance.valueProperty().bindBidirectional(vm.selectedInstanceProperty());
        Label instanceLabel = new Label();
        instanceLabel.textProperty().bind(vm.selectedInstanceProperty().asString("shown instance: %d"));

        Button phaseButton = new Button("Phase diagram (2→1)");
        phaseButton.setId("phaseButton");
        phaseButton.disableProperty().bind(vm.phaseRunningProperty());
        phaseButton.setOnAction(e -> vm.computePhaseDiagram());
        Button phaseCancel = new Button("Stop");
        phaseCancel.disableProperty().bind(vm.phaseRunningProperty().not());
        phaseCancel.setOnAction(e -> vm.cancelPhaseDiagram());

        ComboBox<ToySaeArch> arch = new ComboBox<>();
        arch.getItems().setAll(ToySaeArch.values());
        arch.setId("saeArchChoice");
        arch.valueProperty().bindBidirectional(vm.saeArchProperty());
        GridPane sae = new GridPane();
        sae.setHgap(6);
        sae.setVgap(4);
        r = 0;
        sae.addRow(r++, new Label("architecture"), arch);
        sae.addRow(r++, new Label("latents"), controls.intSpinner("saeLatentsSpinner", vm.saeLatentsProperty(), 1, 4096, 1));
        sae.addRow(r++, new Label("L1 λ"), controls.doubleSpinner("saeL1Spinner", vm.saeL1Property(), 0, 10, 0.05));
        sae.addRow(r++, new Label("TopK k"), controls.intSpinner("saeKSpinner", vm.saeKProperty(), 1, 4096, 1));
        sae.addRow(r++, new Label("steps"), controls.intSpinner("saeStepsSpinner", vm.saeStepsProperty(), 10, 1_000_000, 500));
        CheckBox resample = new CheckBox("resample dead latents");
        resample.setId("resampleCheck");
        resample.selectedProperty().bindBidirectional(vm.resampleDeadProperty());
        Button trainSae = new Button("Train SAE");
        trainSae.setId("trainSaeButton");
        trainSae.disableProperty().bind(vm.saeTrainingProperty().or(vm.snapshotProperty().isNull()));
        trainSae.setOnAction(e -> vm.trainSae());
        Button cancelSae = new Button("Stop");
        cancelSae.disableProperty().bind(vm.saeTrainingProperty().not());
        cancelSae.setOnAction(e -> vm.cancelSae());
        Label saeStatus = new Label();
        saeStatus.setId("saeStatus");
        saeStatus.setWrapText(true);
        saeStatus.textProperty().bind(vm.saeStatusProperty());

        box.getChildren().addAll(new Label("Preset"), presets, grid, new HBox(6, train, cancel),
                instanceLabel, instance, new Separator(), new HBox(6, phaseButton, phaseCancel), new Separator(),
                new Label("SAE recovery (on the shown instance)"), sae, resample, new HBox(6, trainSae, cancelSae), saeStatus);
        return box;
    }

    private Node buildPictures() {
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(6));
        grid.add(picture("Loss per instance", "lossCanvas", loss), 0, 0);
        grid.add(picture("Columns of W (m = 2)", "arrowsCanvas", arrows), 1, 0);
        grid.add(picture("WᵀW", "gramCanvas", gram), 2, 0);
        grid.add(picture("‖W_i‖, colour = superposition", "normsCanvas", norms), 0, 1);
        grid.add(picture("Dimensionality D_i vs 1/(1−S)", "dimsCanvas", dims), 1, 1);
        grid.add(picture("b", "biasCanvas", bias), 2, 1);
        grid.add(picture("2→1 phase diagram", "phaseCanvas", phase), 0, 2);
        grid.add(picture("SAE atoms over true columns", "decoderCanvas", decoder), 1, 2);
        grid.add(picture("MMCS while training", "mmcsCanvas", mmcs), 2, 2);
        return grid;
    }

    private PicturePane picture(String title, String id, PictureCanvas<?> canvas) {
        PicturePane pane = new PicturePane(title, id, canvas);
        pictures.put(id, pane);
        return pane;
    }

    private void wire() {
        vm.snapshotProperty().addListener((obs, old, s) -> redrawInstance());
        vm.selectedInstanceProperty().addListener((obs, old, i) -> redrawInstance());
        vm.lossHistoryProperty().addListener((obs, old, h) -> loss.setData(new Curve(h, true, 0)));
        vm.phaseDiagramProperty().addListener((obs, old, d) -> phase.setData(d));
        vm.saeTargetProperty().addListener((obs, old, t) -> decoder.setData(new DecoderView(t, null)));
        vm.saeProgressProperty().addListener((obs, old, p) -> {
            if (p != null) {
                decoder.setData(new DecoderView(vm.saeTargetProperty().get(), p.decoder()));
            }
        });
        vm.mmcsHistoryProperty().addListener((obs, old, h) -> mmcs.setData(new Curve(h, false, 1)));
    }

    private void redrawInstance() {
        ToySnapshot s = vm.snapshotProperty().get();
        if (s == null) {
            return;
        }
        int t = Math.max(0, Math.min(vm.selectedInstanceProperty().get(), s.instances() - 1));
        InstanceView v = new InstanceView(s, t);
        arrows.setData(v);
        norms.setData(v);
        gram.setData(new Heatmap(FeatureGeometry.gram(s.w()[t], s.n(), s.m()), s.n(), s.n()));
        bias.setData(new Heatmap(s.b()[t], 1, s.n()));
        dims.setData(s);
    }
}
