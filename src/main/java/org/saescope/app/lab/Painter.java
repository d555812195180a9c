package org.saescope.app.lab;

import javafx.scene.canvas.GraphicsContext;

/** Draws one kind of lab picture into a w × h area; data may be null (nothing trained yet). */
@FunctionalInterface
interface Painter<T> {
    void paint(GraphicsContext g, double w, double h, T data);
}
