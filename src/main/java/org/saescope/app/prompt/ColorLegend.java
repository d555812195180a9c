package org.saescope.app.prompt;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/** A gradient bar from 0 to the scale's top with the legend text beside it. */
public final class ColorLegend extends HBox {
    private final Canvas bar = new Canvas(160, 14);
    private final Label text = new Label();
    private boolean dark;

    public ColorLegend() {
        super(8);
        getChildren().addAll(new Label("0"), bar, text);
        setStyle("-fx-alignment: center-left;");
        draw();
    }

    public Label text() {
        return text;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        draw();
    }

    private void draw() {
        GraphicsContext g = bar.getGraphicsContext2D();
        ActivationColors c = new ActivationColors(dark);
        for (int x = 0; x < bar.getWidth(); x++) {
            g.setFill(TokenHeatmap.rgb(c.rgb(x, bar.getWidth() - 1)));
            g.fillRect(x, 0, 1, bar.getHeight());
        }
        g.setStroke(javafx.scene.paint.Color.GRAY);
        g.strokeRect(0.5, 0.5, bar.getWidth() - 1, bar.getHeight() - 1);
    }
}
