package org.saescope.app.lab;

import java.io.File;
import java.io.IOException;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.saescope.app.PngExport;

/** A titled picture with an "Export PNG…" button. */
final class PicturePane extends VBox {
    private final PictureCanvas<?> canvas;

    PicturePane(String title, String id, PictureCanvas<?> canvas) {
        super(2);
        this.canvas = canvas;
        canvas.setId(id);
        Label label = new Label(title);
        label.setStyle("-fx-font-weight: bold;");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button export = new Button("PNG…");
        export.setId(id + "Export");
        export.setStyle("-fx-font-size: 10px; -fx-padding: 1 6 1 6;");
        export.setOnAction(e -> choose(title));
        getChildren().addAll(new HBox(4, label, spacer, export), canvas);
        setStyle("-fx-border-color: #ccc; -fx-border-width: 1; -fx-padding: 4;");
    }

    PictureCanvas<?> canvas() {
        return canvas;
    }

    private void choose(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + title);
        chooser.setInitialFileName(canvas.getId() + ".png");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) {
            return;
        }
        try {
            PngExport.write(canvas, file.toPath());
        } catch (IOException | RuntimeException e) {
            new Alert(Alert.AlertType.ERROR, file + ": could not write the PNG: " + e.getMessage()).show();
        }
    }
}
