package org.saescope.app;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;

/**
 * Writes a picture as PNG, for every tab's "export PNG": to a temporary sibling first, then
 * renamed, so a failed export never leaves a half-written image where the user asked for one.
 */
public final class PngExport {
    private PngExport() {
    }

    /** FX thread: snapshots the node (a canvas, a dashboard) and writes it. */
    public static void write(Node node, Path file) throws IOException {
        write(node.snapshot(new SnapshotParameters(), null), file);
    }

    public static void write(Image image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".saescope-", ".png.tmp");
        try {
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (network shares) cannot rename atomically; a plain rename still
                // never exposes a partial file.
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
