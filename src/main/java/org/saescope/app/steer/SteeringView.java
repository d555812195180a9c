package org.saescope.app.steer;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The steering tab: prompt, features with strength sliders, method, and the two continuations side by side. */
public final class SteeringView extends BorderPane {
    private final SteeringViewModel vm;
    private final VBox entries = new VBox(4);

    public SteeringView(SteeringViewModel vm) {
        this.vm = vm;
        TextArea prompt = new TextArea();
        prompt.setId("steerPrompt");
        prompt.setPrefRowCount(2);
        prompt.setWrapText(true);
        prompt.textProperty().bindBidirectional(vm.promptProperty());

        TextField feature = new TextField();
        feature.setId("steerFeature");
        feature.setPromptText("feature #");
        feature.setPrefColumnCount(6);
        Button add = new Button("Add feature");
        add.setId("steerAdd");
        add.setOnAction(e -> {
            String s = feature.getText().strip().replace("#", "");
            if (s.matches("\\d{1,9}")) {
                vm.addFeature(Integer.parseInt(s), 4.0);
                feature.clear();
            }
        });
        feature.setOnAction(add.getOnAction());
        ComboBox<SteerMethod> method = new ComboBox<>();
        method.setId("steerMethod");
        method.getItems().setAll(SteerMethod.values());
        method.valueProperty().bindBidirectional(vm.methodProperty());
        Spinner<Integer> max = new Spinner<>(1, 256, vm.maxTokensProperty().get());
        max.setPrefWidth(80);
        max.valueProperty().addListener((o, a, b) -> vm.maxTokensProperty().set(b));
        Spinner<Double> temp = new Spinner<>(0.0, 2.0, vm.temperatureProperty().get(), 0.1);
        temp.setPrefWidth(80);
        temp.valueProperty().addListener((o, a, b) -> vm.temperatureProperty().set(b));
        vm.temperatureProperty().addListener((o, a, b) -> temp.getValueFactory().setValue(b.doubleValue()));
        vm.maxTokensProperty().addListener((o, a, b) -> max.getValueFactory().setValue(b.intValue()));
        TextField seed = new TextField(String.valueOf(vm.seedProperty().get()));
        seed.setPrefColumnCount(6);
        seed.textProperty().addListener((o, a, b) -> {
            if (b.strip().matches("-?\\d{1,18}")) {
                vm.seedProperty().set(Long.parseLong(b.strip()));
            }
        });
        Button go = new Button("Generate");
        go.setId("steerGenerate");
        go.setDefaultButton(false);
        go.disableProperty().bind(vm.runningProperty());
        go.setOnAction(e -> vm.generate());
        Button stop = new Button("Stop");
        stop.setId("steerStop");
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setOnAction(e -> vm.stop());
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());

        HBox controls = new HBox(8, feature, add, new Label("Method"), method, new Label("Tokens"), max,
                new Label("Temperature"), temp, new Label("Seed"), seed, go, stop, status);
        controls.setStyle("-fx-alignment: center-left;");
        vm.entries().addListener((javafx.collections.ListChangeListener<SteerEntry>) c -> rebuild());

        TextArea plain = output("plainText");
        plain.textProperty().bind(vm.plainProperty());
        TextArea steered = output("steeredText");
        steered.textProperty().bind(vm.steeredProperty());
        GridPane outs = new GridPane();
        outs.setHgap(8);
        outs.addRow(0, new Label("Plain"), new Label("Steered"));
        outs.addRow(1, plain, steered);
        GridPane.setHgrow(plain, Priority.ALWAYS);
        GridPane.setHgrow(steered, Priority.ALWAYS);
        GridPane.setVgrow(plain, Priority.ALWAYS);
        GridPane.setVgrow(steered, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        outs.getColumnConstraints().addAll(half, half);

        VBox top = new VBox(8, new Label("Prompt"), prompt, controls, entries);
        top.setPadding(new Insets(8));
        outs.setPadding(new Insets(8));
        setTop(top);
        setCenter(outs);
    }

    private static TextArea output(String id) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(true);
        return t;
    }

    private void rebuild() {
        entries.getChildren().clear();
        for (SteerEntry e : vm.entries()) {
            Slider s = new Slider(-20, 20, e.strength());
            s.setPrefWidth(260);
            s.valueProperty().bindBidirectional(e.strengthProperty());
            Label v = new Label();
            v.textProperty().bind(e.strengthProperty().asString(Locale.ROOT, "%.1f"));
            Button remove = new Button("✕");
            remove.setOnAction(x -> vm.entries().remove(e));
            entries.getChildren().add(new HBox(8, new Label("#" + e.feature()), new Label("strength"), s, v, remove));
        }
    }
}
