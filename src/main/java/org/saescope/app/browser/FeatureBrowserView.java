package org.saescope.app.browser;

import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.RangeSlider;
import org.saescope.app.model.AppModel;

/**
 * The Features tab: a virtualized, sortable table of every feature (TableView only creates the
 * cells on screen, so 24k rows cost nothing), a search box and a ControlsFX density RangeSlider;
 * the selected feature's dashboard on the right.
 */
public final class FeatureBrowserView extends BorderPane {
    private final TableView<FeatureRow> table = new TableView<>();

    public FeatureBrowserView(FeatureBrowserViewModel vm, FeatureDashboardView dashboard) {
        TextField search = new TextField();
        search.setId("featureSearch");
        search.setPromptText("Search label, tag, #id or token");
        search.textProperty().bindBidirectional(vm.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);

        RangeSlider density = new RangeSlider(DensityRange.MIN, DensityRange.MAX, DensityRange.MIN, DensityRange.MAX);
        density.setId("densitySlider");
        density.setShowTickLabels(true);
        density.setShowTickMarks(true);
        density.setMajorTickUnit(1);
        density.setPrefWidth(220);
        density.lowValueProperty().bindBidirectional(vm.densityLowProperty());
        density.highValueProperty().bindBidirectional(vm.densityHighProperty());
        Label densityText = new Label();
        densityText.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "density 10^%.1f … 10^%.1f", vm.densityLowProperty().get(), vm.densityHighProperty().get()),
                vm.densityLowProperty(), vm.densityHighProperty()));
        Label count = new Label();
        count.textProperty().bind(vm.shownProperty().asString("%,d features"));
        HBox searchRow = new HBox(8, search, count);
        searchRow.setStyle("-fx-alignment: center-left;");
        HBox densityRow = new HBox(8, new Label("Density"), density, densityText);
        densityRow.setStyle("-fx-alignment: center-left;");
        densityText.setMinWidth(Label.USE_PREF_SIZE);
        count.setMinWidth(Label.USE_PREF_SIZE);
        VBox bar = new VBox(4, searchRow, densityRow);
        bar.setPadding(new Insets(6));

        table.setId("featureTable");
        table.setPlaceholder(new Label("Open an SAE to list its features."));
        table.getColumns().add(num("ID", r -> (double) r.id(), 60, "%.0f"));
        table.getColumns().add(text("Label", r -> r.label().label(), 200));
        table.getColumns().add(text("Tags", FeatureRow::tagsText, 120));
        table.getColumns().add(num("Density", r -> r.summary().density(), 90, "%.2e"));
        table.getColumns().add(num("Max act", r -> r.summary().maxAct(), 80, "%.3f"));
        table.getColumns().add(text("Best concept", r -> r.summary().bestConcept(), 200));
        SortedList<FeatureRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b.id() != dashboard.viewModel().featureProperty().get()) {
                dashboard.viewModel().show(b.id());
            }
        });

        VBox left = new VBox(bar, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        SplitPane split = new SplitPane(left, dashboard);
        split.setDividerPositions(0.5);
        setCenter(split);
    }

    public TableView<FeatureRow> table() {
        return table;
    }

    private static TableColumn<FeatureRow, String> text(String title, java.util.function.Function<FeatureRow, String> f, double w) {
        TableColumn<FeatureRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    /** A numeric column that sorts by number (NaN last) and shows "—" for unknown. */
    private static TableColumn<FeatureRow, Double> num(String title, java.util.function.ToDoubleFunction<FeatureRow> f, double w,
                                                      String format) {
        TableColumn<FeatureRow, Double> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.applyAsDouble(d.getValue())));
        c.setComparator((a, b) -> {
            if (a.isNaN() || b.isNaN()) {
                return Boolean.compare(a.isNaN(), b.isNaN());
            }
            return Double.compare(a, b);
        });
        c.setCellFactory(tc -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : v.isNaN() ? "—" : String.format(Locale.ROOT, format, v));
            }
        });
        c.setPrefWidth(w);
        return c;
    }
}
