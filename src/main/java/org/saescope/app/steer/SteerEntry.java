package org.saescope.app.steer;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;

/** One feature to steer with and its strength (a scale for ADD, a target activation for CLAMP). */
public final class SteerEntry {
    private final IntegerProperty feature = new SimpleIntegerProperty();
    private final DoubleProperty strength = new SimpleDoubleProperty();

    public SteerEntry(int feature, double strength) {
        this.feature.set(feature);
        this.strength.set(strength);
    }

    public IntegerProperty featureProperty() {
        return feature;
    }

    public DoubleProperty strengthProperty() {
        return strength;
    }

    public int feature() {
        return feature.get();
    }

    public double strength() {
        return strength.get();
    }
}
