package org.saescope.app.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;

/** Writes a picture as PNG: to a temporary sibling first, then renamed, so no half-written file. */
final class PngExport {
    private PngExport() {
    }

    /** FX thread: snapshots the node (a canvas) and writes it. */
    static void write(Node node, Path file) throws IOException {
        write(node.snapshot(new SnapshotParameters(), null), file);
    }

    static void write(Image image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".saescope-", ".png.tmp");
        try {
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
