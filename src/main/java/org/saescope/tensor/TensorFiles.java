package org.saescope.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a tensor file of any format SAEscope reads, choosing by magic bytes first and extension
 * second: a zip is an npz (unless it holds {@code data.pkl}), {@code \x93NUMPY} a single .npy array,
 * anything else a safetensors file.
 * Python pickles are refused, whatever their extension, with a message that says how to convert.
 */
public final class TensorFiles {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private TensorFiles() {
    }

    /** Opens {@code file} as a {@link TensorSource}; bad input fails with a {@link BadInputException}. */
    public static TensorSource open(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a directory, not a tensor file");
        }
        if (!Files.exists(file)) {
            throw new BadInputException(file, "no such file");
        }
        if (PickleGuard.hasPickleExtension(file)) {
            throw PickleGuard.refusal(file);
        }
        byte[] head = new byte[9];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        if (PickleGuard.hasPickleMagic(head, n)) {
            throw PickleGuard.refusal(file);
        }
        if (startsWith(head, n, ZIP_MAGIC)) {
            return NpzFile.open(file); // refuses PyTorch zips (data.pkl) itself
        }
        if (startsWith(head, n, NpyReader.MAGIC)) {
            return NpyFile.open(file);
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            throw new TensorFormatException(file, "not a valid npz: it does not start with a zip header");
        }
        if (name.endsWith(".npy")) {
            throw new TensorFormatException(file, "not a .npy array (bad magic; expected \\x93NUMPY)");
        }
        return SafetensorsFile.open(file);
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
