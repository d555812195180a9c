package org.saescope.app.lab;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.Property;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;

/**
 * Spinners bound both ways to view-model properties. The boxed adapters returned by
 * {@code asObject()} are only weakly referenced by the binding, so they are kept here.
 */
final class LabControls {
    private final List<Property<?>> keepAlive = new ArrayList<>();

    Spinner<Integer> intSpinner(String id, IntegerProperty property, int min, int max, int step) {
        Spinner<Integer> s = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, property.get(), step));
        var boxed = property.asObject();
        keepAlive.add(boxed);
        s.getValueFactory().valueProperty().bindBidirectional(boxed);
        return finish(s, id);
    }

    Spinner<Double> doubleSpinner(String id, DoubleProperty property, double min, double max, double step) {
        Spinner<Double> s = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, property.get(), step));
        var boxed = property.asObject();
        keepAlive.add(boxed);
        s.getValueFactory().valueProperty().bindBidirectional(boxed);
        return finish(s, id);
    }

    private static <T> Spinner<T> finish(Spinner<T> s, String id) {
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(110);
        // Typed text is committed when focus leaves, not only on Enter.
        s.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                s.increment(0);
            }
        });
        return s;
    }
}
