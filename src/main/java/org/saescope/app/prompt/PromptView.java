package org.saescope.app.prompt;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.saescope.app.model.AppModel;
import org.saescope.app.shell.LayoutAheadOfCss;

/**
 * The prompt screen: text on top, the token heatmap with its legend, and two tables: the
 * features of the clicked token, and the prompt's features ranked. Double-click a feature to open
 * its dashboard; single-click colours the heatmap by it.
 */
public final class PromptView extends BorderPane {
    private final PromptViewModel vm;
    private final TokenHeatmap heatmap = new TokenHeatmap();

    public PromptView(PromptViewModel vm, AppModel app) {
        this.vm = vm;
        TextArea text = new TextArea();
        text.setId("promptText");
        text.setPromptText("Type a prompt…");
        text.setPrefRowCount(3);
        text.setWrapText(true);
        text.textProperty().bindBidirectional(vm.textProperty());

        TextField featureField = new TextField();
        featureField.setId("featureField");
        featureField.setPromptText("feature #");
        featureField.setPrefColumnCount(6);
        featureField.setOnAction(e -> {
            String s = featureField.getText().strip().replace("#", "");
            vm.featureProperty().set(s.matches("\\d{1,9}") ? Integer.parseInt(s) : -1);
        });
        vm.featureProperty().addListener((o, a, b) -> featureField.setText(b.intValue() < 0 ? "" : b.toString()));
        Button clear = new Button("Strongest");
        clear.setTooltip(new javafx.scene.control.Tooltip("Colour each token by its strongest feature"));
        clear.setOnAction(e -> vm.featureProperty().set(-1));
        ColorLegend legend = new ColorLegend();
        legend.setId("legend");
        legend.text().textProperty().bind(vm.legendProperty());
        HBox tools = new HBox(8, new Label("Colour by feature:"), featureField, clear, legend);
        tools.setStyle("-fx-alignment: center-left;");

        heatmap.setId("heatmap");
        heatmap.setTooltips(vm::tooltip);
        heatmap.setOnTokenClicked(t -> vm.selectedTokenProperty().set(t));
        ScrollPane heatScroll = new ScrollPane(heatmap);
        heatScroll.setFitToWidth(true);
        heatScroll.setPrefViewportHeight(120);
        heatmap.prefWidthProperty().bind(heatScroll.widthProperty().subtract(20));
        heatmap.minWidthProperty().bind(heatScroll.widthProperty().subtract(20));
        Label note = new Label();
        note.textProperty().bind(vm.noteProperty());
        note.getStyleClass().add("note");

        vm.tokenValuesProperty().addListener((o, a, b) -> redraw());
        vm.selectedTokenProperty().addListener((o, a, b) -> redraw());
        app.darkProperty().addListener((o, a, b) -> {
            heatmap.setDark(b);
            legend.setDark(b);
        });

        VBox top = new VBox(6, text, tools, note, heatScroll);
        top.setPadding(new Insets(8));
        VBox.setVgrow(heatScroll, Priority.ALWAYS);

        TableView<PromptViewModel.TokenFeature> tokenTable = new TableView<>(vm.tokenFeatures());
        tokenTable.setId("tokenFeatures");
        tokenTable.setPlaceholder(new Label("Click a token to list every feature active on it."));
        tokenTable.getColumns().add(col("Feature", r -> "#" + r.feature(), 70));
        tokenTable.getColumns().add(col("Activation", r -> fmt(r.value()), 90));
        tokenTable.getColumns().add(col("Quantile", r -> pct(r.quantile()), 80));
        tokenTable.getColumns().add(col("Label", PromptViewModel.TokenFeature::label, 220));
        tokenTable.setRowFactory(tv -> clickableRow(r -> r.feature(), app));

        ComboBox<RankMode> mode = new ComboBox<>();
        mode.setId("rankMode");
        mode.getItems().setAll(RankMode.values());
        mode.valueProperty().bindBidirectional(vm.rankModeProperty());
        Button stopLoss = new Button("Stop");
        stopLoss.visibleProperty().bind(vm.lossRunningProperty());
        stopLoss.setOnAction(e -> vm.cancelLossEffects());
        Label qNote = new Label("(quantiles need an index)");
        qNote.visibleProperty().bind(vm.quantilesKnownProperty().not());
        TableView<FeatureRank> ranked = new TableView<>(vm.rankedFeatures());
        ranked.setId("rankedFeatures");
        ranked.setPlaceholder(new Label("No feature is active on this prompt."));
        ranked.getColumns().add(col("Feature", r -> "#" + r.feature(), 70));
        ranked.getColumns().add(col("Max act", r -> fmt(r.maxAct()), 80));
        ranked.getColumns().add(col("At token", r -> String.valueOf(r.token()), 70));
        ranked.getColumns().add(col("Quantile", r -> pct(r.quantile()), 80));
        ranked.getColumns().add(col("Loss effect", r -> Double.isNaN(r.lossEffect()) ? "—"
                : String.format(Locale.ROOT, "%+.4f", r.lossEffect()), 90));
        ranked.getColumns().add(col("Label", r -> app.label(r.feature()).label(), 200));
        ranked.setRowFactory(tv -> clickableRow(FeatureRank::feature, app));
        LayoutAheadOfCss.install(ranked, vm.rankedFeatures());
        LayoutAheadOfCss.install(tokenTable, vm.tokenFeatures());
        fixedRows(ranked);
        fixedRows(tokenTable);

        VBox tokenBox = new VBox(4, new Label("Features on the clicked token"), tokenTable);
        VBox rankBox = new VBox(4, new HBox(8, new Label("Ranked by"), mode, stopLoss, qNote), ranked);
        VBox.setVgrow(tokenTable, Priority.ALWAYS);
        VBox.setVgrow(ranked, Priority.ALWAYS);
        tokenBox.setPadding(new Insets(4));
        rankBox.setPadding(new Insets(4));
        SplitPane tables = new SplitPane(tokenBox, rankBox);
        SplitPane main = new SplitPane(top, tables);
        main.setOrientation(javafx.geometry.Orientation.VERTICAL);
        main.setDividerPositions(0.45);
        setCenter(main);
    }

    public TokenHeatmap heatmap() {
        return heatmap;
    }

    private void redraw() {
        PromptAnalysis a = vm.analysisProperty().get();
        heatmap.setTokens(a == null ? new String[0] : a.pieces(), vm.tokenValuesProperty().get(), vm.scaleMaxProperty().get(),
                vm.selectedTokenProperty().get());
    }

    private <T> TableRow<T> clickableRow(java.util.function.ToIntFunction<T> feature, AppModel app) {
        TableRow<T> row = new TableRow<>();
        row.setOnMouseClicked(e -> {
            if (row.getItem() == null) {
                return;
            }
            int f = feature.applyAsInt(row.getItem());
            if (e.getClickCount() >= 2) {
                app.openFeature(f);
            } else {
                vm.featureProperty().set(f);
            }
        });
        return row;
    }

    /**
     * Rows of one known height (the theme's 2em): the table then places rows without measuring
     * each one, which is most of its layout time when a prompt run replaces every row.
     */
    static void fixedRows(TableView<?> table) {
        table.setFixedCellSize(Math.ceil(2 * javafx.scene.text.Font.getDefault().getSize()));
    }

    static <T> TableColumn<T, String> col(String title, java.util.function.Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setCellFactory(tc -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        return c;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String pct(double q) {
        return Double.isNaN(q) ? "—" : String.format(Locale.ROOT, "%.0f%%", q * 100);
    }

}
