package org.saescope.tensor;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises Python pickles (by extension, by protocol-2+ magic, or as a PyTorch zip holding
 * {@code data.pkl}) so that SAEscope can refuse them with a message that says why and what to do.
 * Loading a pickle can run arbitrary code, which is why they are refused rather than parsed.
 */
final class PickleGuard {
    static final Set<String> PICKLE_EXTENSIONS = Set.of(".pt", ".pth", ".bin", ".ckpt", ".pkl");

    private PickleGuard() {
    }

    static BadInputException refusal(Path file) {
        return new BadInputException(file, "is a Python pickle, which can run arbitrary code when loaded;"
                + " SAEscope does not read pickles. Convert it to safetensors, e.g. in Python:"
                + " from safetensors.torch import save_file; save_file(torch.load(f, weights_only=True),"
                + " 'out.safetensors')");
    }

    static boolean hasPickleExtension(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String ext : PICKLE_EXTENSIONS) {
            if (n.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Pickle protocols 2-5 start with PROTO (0x80) and the protocol number. A safetensors file can
     * start with the same two bytes (a 640-byte header has length 0x0280), so bytes that also read as
     * a safetensors length under 4 GiB followed by '{' are not taken for a pickle: a pickle never has
     * '{' there (protocol 4+ has its frame length in bytes 3..10, and '{' is no pickle opcode).
     */
    static boolean hasPickleMagic(byte[] head, int n) {
        if (n < 2 || (head[0] & 0xff) != 0x80 || head[1] < 2 || head[1] > 5) {
            return false;
        }
        boolean looksLikeSafetensors = n >= 9 && head[4] == 0 && head[5] == 0 && head[6] == 0 && head[7] == 0
                && head[8] == '{';
        return !looksLikeSafetensors;
    }

    /** A zip entry name PyTorch's zip format uses for its pickled object tree. */
    static boolean isPickleEntry(String entryName) {
        return entryName.equals("data.pkl") || entryName.endsWith("/data.pkl");
    }
}
