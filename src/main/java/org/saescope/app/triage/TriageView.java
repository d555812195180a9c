package org.saescope.app.triage;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.catalog.TokenStrip;
import org.saescope.app.prompt.StripHeatmap;

/**
 * The triage queue, keyboard first: the label field keeps the focus; 1–9 pick a suggestion (when
 * the field is empty, or with Ctrl at any time), Enter saves and moves on, Alt+→ / Alt+← (or
 * Page Down / Page Up) move without saving.
 */
public final class TriageView extends BorderPane {
    private final TriageViewModel vm;
    private final TextField label = new TextField();
    private final VBox examples = new VBox(4);

    public TriageView(TriageViewModel vm, Runnable startFromBrowserFilter) {
        this.vm = vm;
        Button unlabelled = new Button("Queue: unlabelled features");
        unlabelled.setId("triageUnlabelled");
        unlabelled.setOnAction(e -> {
            vm.startUnlabelled();
            label.requestFocus();
        });
        Button filtered = new Button("Queue: features shown in the browser");
        filtered.setOnAction(e -> {
            startFromBrowserFilter.run();
            label.requestFocus();
        });
        Label counters = new Label();
        counters.setId("triageCounters");
        counters.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "done %d · remaining %d · at %d of %d", vm.doneProperty().get(), vm.remainingProperty().get(),
                vm.positionProperty().get() + 1, vm.sizeProperty().get()),
                vm.doneProperty(), vm.remainingProperty(), vm.positionProperty(), vm.sizeProperty()));
        HBox top = new HBox(10, unlabelled, filtered, counters);
        top.setStyle("-fx-alignment: center-left;");
        top.setPadding(new Insets(8));

        Label feature = new Label();
        feature.getStyleClass().add("title");
        feature.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.featureProperty().get() < 0 ? "Queue empty: start one above" : "Feature #" + vm.featureProperty().get(),
                vm.featureProperty()));
        label.setId("triageLabel");
        label.setPromptText("Type a label, or press 1–9 for a suggestion; Enter saves and moves on");
        label.textProperty().bindBidirectional(vm.labelTextProperty());
        ListView<FeatureDetail.ConceptMatch> suggestions = new ListView<>(vm.suggestions());
        suggestions.setId("triageSuggestions");
        suggestions.setPrefHeight(150);
        suggestions.setFocusTraversable(false);
        suggestions.setPlaceholder(new Label("No concept suggestions: they come from an index built over an annotated corpus (Brown POS tags, genres)."));
        suggestions.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(FeatureDetail.ConceptMatch c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : TriageViewModel.suggestionText(getIndex(), c));
            }
        });
        Label help = new Label("Enter: save + next   ·   1–9: pick suggestion   ·   Alt+→ / Alt+←: next / previous");
        help.getStyleClass().add("note");
        vm.detailProperty().addListener((o, a, b) -> showExamples(b));
        VBox center = new VBox(8, feature, label, help, new Label("Suggestions"), suggestions, new Label("Top examples"), examples);
        center.setPadding(new Insets(8));
        setTop(top);
        setCenter(center);
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    }

    private void onKey(KeyEvent e) {
        KeyCode k = e.getCode();
        if (k == KeyCode.ENTER) {
            vm.commit();
            e.consume();
        } else if ((e.isAltDown() && k == KeyCode.RIGHT) || k == KeyCode.PAGE_DOWN) {
            vm.next();
            e.consume();
        } else if ((e.isAltDown() && k == KeyCode.LEFT) || k == KeyCode.PAGE_UP) {
            vm.previous();
            e.consume();
        } else if (k.isDigitKey() && (e.isControlDown() || label.getText().isEmpty())) {
            int n = digit(k);
            if (n >= 1 && vm.pick(n)) {
                label.positionCaret(label.getText().length());
                e.consume();
                // the KEY_TYPED that follows must not add the digit to the picked text
                label.addEventFilter(KeyEvent.KEY_TYPED, new javafx.event.EventHandler<>() {
                    @Override
                    public void handle(KeyEvent t) {
                        t.consume();
                        label.removeEventFilter(KeyEvent.KEY_TYPED, this);
                    }
                });
            }
        }
    }

    private static int digit(KeyCode k) {
        String name = k.getName();
        char c = name.charAt(name.length() - 1);
        return Character.isDigit(c) ? c - '0' : -1;
    }

    private void showExamples(FeatureDetail d) {
        examples.getChildren().clear();
        if (d == null) {
            return;
        }
        float scale = 0;
        for (TokenStrip s : d.topExamples()) {
            scale = Math.max(scale, s.max());
        }
        for (TokenStrip s : d.topExamples().subList(0, Math.min(5, d.topExamples().size()))) {
            examples.getChildren().add(StripHeatmap.of(s, scale, false)); // light, as before: this view does not follow the theme yet
        }
    }

    public TextField labelField() {
        return label;
    }
}
