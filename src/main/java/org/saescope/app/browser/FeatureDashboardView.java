package org.saescope.app.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.saescope.app.PngExport;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.catalog.TokenStrip;
import org.saescope.app.model.AppModel;
import org.saescope.app.prompt.StripHeatmap;
import org.saescope.app.prompt.TokenHeatmap;

/**
 * One feature's dashboard: editable label/tags/notes (saved as you type), concept suggestions with
 * an Adopt button, top examples and quantile groups as coloured token strips, the histogram titled
 * with the density, logit effects and clickable decoder neighbours; Export PNG snapshots it.
 */
public final class FeatureDashboardView extends ScrollPane {
    private final FeatureDashboardViewModel vm;
    private final AppModel app;
    private final VBox content = new VBox(10);
    private final VBox body = new VBox(10);
    private final Label title = new Label("Select a feature");

    public FeatureDashboardView(FeatureDashboardViewModel vm, AppModel app) {
        this.vm = vm;
        this.app = app;
        setId("dashboard");
        title.getStyleClass().add("title");
        TextField label = new TextField();
        label.setId("labelField");
        label.setPromptText("Label");
        label.textProperty().bindBidirectional(vm.labelProperty());
        TextField tags = new TextField();
        tags.setId("tagsField");
        tags.setPromptText("tags, comma separated");
        tags.textProperty().bindBidirectional(vm.tagsProperty());
        TextArea notes = new TextArea();
        notes.setId("notesField");
        notes.setPromptText("Notes");
        notes.setPrefRowCount(2);
        notes.textProperty().bindBidirectional(vm.notesProperty());
        Label saved = new Label();
        saved.setId("saveState");
        saved.textProperty().bind(vm.saveStateProperty());
        Button export = new Button("Export PNG…");
        export.setId("exportPng");
        export.setOnAction(e -> exportPng());
        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(4);
        form.addRow(0, new Label("Label"), label);
        form.addRow(1, new Label("Tags"), tags);
        form.addRow(2, new Label("Notes"), notes);
        label.setPrefColumnCount(28);
        form.getChildren().filtered(n -> n instanceof Label).forEach(n -> ((Label) n).setMinWidth(Label.USE_PREF_SIZE));
        javafx.scene.layout.ColumnConstraints grow = new javafx.scene.layout.ColumnConstraints();
        grow.setHgrow(javafx.scene.layout.Priority.ALWAYS);
        form.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(), grow);
        content.getChildren().addAll(new HBox(12, title, saved, export), form, body);
        content.setPadding(new Insets(10));
        setContent(content);
        setFitToWidth(true);
        vm.featureProperty().addListener((o, a, b) -> title.setText(b.intValue() < 0 ? "Select a feature" : "Feature #" + b));
        vm.detailProperty().addListener((o, a, b) -> fill(b));
        this.disableProperty().bind(vm.featureProperty().lessThan(0));
        app.darkProperty().addListener((o, a, b) -> fill(vm.detailProperty().get()));
    }

    public FeatureDashboardViewModel viewModel() {
        return vm;
    }

    private void fill(FeatureDetail d) {
        body.getChildren().clear();
        if (d == null) {
            return;
        }
        boolean dark = app.darkProperty().get();
        if (!d.concepts().isEmpty()) {
            VBox box = new VBox(3);
            for (int i = 0; i < d.concepts().size(); i++) {
                FeatureDetail.ConceptMatch c = d.concepts().get(i);
                Button adopt = new Button("Adopt");
                adopt.setId("adopt" + i);
                adopt.setOnAction(e -> vm.adopt(c));
                box.getChildren().add(new HBox(8, adopt, new Label(FeatureDashboardViewModel.suggestionText(i, c))));
            }
            body.getChildren().addAll(section("Concept suggestions"), box);
        }
        float scale = 0;
        for (TokenStrip s : d.topExamples()) {
            scale = Math.max(scale, s.max());
        }
        if (!d.topExamples().isEmpty()) {
            body.getChildren().add(section("Top " + d.topExamples().size() + " examples"));
            for (TokenStrip s : d.topExamples()) {
                body.getChildren().add(strip(s, scale, dark));
            }
        }
        for (FeatureDetail.QuantileGroup g : d.quantileGroups()) {
            body.getChildren().add(section("Quantile group: " + g.name()));
            for (TokenStrip s : g.examples()) {
                body.getChildren().add(strip(s, scale, dark));
            }
        }
        HistogramChart hist = new HistogramChart();
        hist.show(d.histogram(), dark);
        body.getChildren().addAll(section(vm.histogramTitleProperty().get()), hist);
        if (!d.logitsPos().isEmpty() || !d.logitsNeg().isEmpty()) {
            GridPane logits = new GridPane();
            logits.setHgap(24);
            logits.add(new Label("Promoted tokens"), 0, 0);
            logits.add(new Label("Suppressed tokens"), 1, 0);
            for (int i = 0; i < d.logitsPos().size(); i++) {
                logits.add(new Label(score(d.logitsPos().get(i))), 0, i + 1);
            }
            for (int i = 0; i < d.logitsNeg().size(); i++) {
                logits.add(new Label(score(d.logitsNeg().get(i))), 1, i + 1);
            }
            body.getChildren().addAll(section("Logit effects"), logits);
        }
        FlowPane neighbours = new FlowPane(6, 4);
        neighbours.setId("neighbours");
        for (FeatureDetail.Neighbour n : d.neighbours()) {
            Hyperlink link = new Hyperlink(String.format(Locale.ROOT, "#%d (%.2f)", n.id(), n.cosine()));
            link.setOnAction(e -> app.openFeature(n.id()));
            String l = app.label(n.id()).label();
            if (!l.isBlank()) {
                link.setTooltip(new javafx.scene.control.Tooltip(l));
            }
            neighbours.getChildren().add(link);
        }
        body.getChildren().addAll(section("Decoder neighbours (cosine)"), neighbours);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    private static String score(FeatureDetail.TokenScore s) {
        return String.format(Locale.ROOT, "%-14s %+.3f", org.saescope.app.prompt.TokenText.visible(s.token()), s.score());
    }

    private static TokenHeatmap strip(TokenStrip s, float scale, boolean dark) {
        return StripHeatmap.of(s, scale, dark);
    }

    private void exportPng() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export dashboard as PNG");
        fc.setInitialFileName("feature-" + vm.featureProperty().get() + ".png");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File f = fc.showSaveDialog(getScene().getWindow());
        if (f != null) {
            try {
                PngExport.write(content, f.toPath());
            } catch (IOException e) {
                app.report("Exporting PNG", new org.saescope.tensor.BadInputException(f.toPath(), "cannot be written: " + e.getMessage(), e));
            }
        }
    }

    /** Writes the dashboard to {@code file} (used by the menu and tests). */
    public void exportTo(Path file) throws IOException {
        PngExport.write(content, file);
    }
}
