package org.saescope.app.lab;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * A fixed-size canvas showing one picture: set new data (on the FX thread) and it repaints; the
 * drawing reaches the screen on the next pulse. One canvas instead of thousands of nodes.
 */
final class PictureCanvas<T> extends Canvas {
    private final Painter<T> painter;
    private T data;

    PictureCanvas(double width, double height, Painter<T> painter) {
        super(width, height);
        this.painter = painter;
        repaint();
    }

    void setData(T value) {
        data = value;
        repaint();
    }

    T data() {
        return data;
    }

    void repaint() {
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        painter.paint(g, getWidth(), getHeight(), data);
    }
}
