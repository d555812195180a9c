package org.saescope.sae;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.TensorFiles;
import org.saescope.tensor.TensorSource;

/**
 * Works out which SAE format a path holds, from file names alone: a folder, or a file inside one
 * (cfg.json, the weights…), or a Gemma Scope params.npz by itself.
 */
final class SaeLocator {
    static final List<String> PICKLE_EXTENSIONS = List.of(".pt", ".pth", ".bin", ".ckpt", ".pkl");
    static final String EXPECTED = "expected cfg.json + sae_weights.safetensors (SAELens), cfg.json + "
            + "sae.safetensors (sparsify), params.npz (Gemma Scope), config.json + params.safetensors "
            + "(Gemma Scope 2) or hyperparams.json + checkpoints/final.safetensors (Llama Scope)";
    /** Llama Scope weights, in the order OpenMOSS's loader prefers them. */
    private static final List<String> LLAMA_SCOPE_WEIGHTS = List.of("sae_weights.safetensors",
            "checkpoints/pruned.safetensors", "checkpoints/final.safetensors");

    private SaeLocator() {
    }

    static SaeLocation locate(Path path) {
        if (!Files.exists(path)) {
            throw new BadInputException(path, "no such file or directory");
        }
        if (Files.isDirectory(path)) {
            return locateFolder(path);
        }
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".npz")) {
            return new SaeLocation(SaeFormat.GEMMA_SCOPE, parentOf(path), null, path);
        }
        if (isPickleName(lower)) {
            throw refusePickle(path);
        }
        Path parent = parentOf(path);
        if (name.equals("final.safetensors") || name.equals("pruned.safetensors")) {
            Path up = parent.getParent();
            if (parent.getFileName() != null && parent.getFileName().toString().equals("checkpoints")
                    && up != null && Files.isRegularFile(up.resolve("hyperparams.json"))) {
                return locateFolder(up);
            }
        }
        if (lower.endsWith(".json") || lower.endsWith(".safetensors")) {
            try {
                return locateFolder(parent);
            } catch (BadInputException e) {
                throw new BadInputException(path, "this file alone is not an SAE and its folder is not "
                        + "one either; " + EXPECTED, e);
            }
        }
        throw new BadInputException(path, "not an SAE file; " + EXPECTED);
    }

    private static SaeLocation locateFolder(Path dir) {
        Path cfg = dir.resolve("cfg.json");
        boolean hasCfg = Files.isRegularFile(cfg);
        if (hasCfg && Files.isRegularFile(dir.resolve("sae_weights.safetensors"))) {
            return new SaeLocation(SaeFormat.SAELENS, dir, cfg, dir.resolve("sae_weights.safetensors"));
        }
        if (hasCfg && Files.isRegularFile(dir.resolve("sae.safetensors"))) {
            return new SaeLocation(SaeFormat.SPARSIFY, dir, cfg, dir.resolve("sae.safetensors"));
        }
        if (Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("params.safetensors"))) {
            return new SaeLocation(SaeFormat.GEMMA_SCOPE_2, dir, dir.resolve("config.json"),
                    dir.resolve("params.safetensors"));
        }
        if (Files.isRegularFile(dir.resolve("params.npz"))) {
            return new SaeLocation(SaeFormat.GEMMA_SCOPE, dir, null, dir.resolve("params.npz"));
        }
        Path hyper = dir.resolve("hyperparams.json");
        if (Files.isRegularFile(hyper)) {
            for (String w : LLAMA_SCOPE_WEIGHTS) {
                if (Files.isRegularFile(dir.resolve(w))) {
                    return new SaeLocation(SaeFormat.LLAMA_SCOPE, dir, hyper, dir.resolve(w));
                }
            }
        }
        Path pickle = firstPickle(dir);
        if (pickle != null) {
            throw refusePickle(pickle);
        }
        if (hasCfg) {
            throw new BadInputException(dir, "cfg.json is here but neither sae_weights.safetensors "
                    + "(SAELens) nor sae.safetensors (sparsify) is");
        }
        if (Files.isRegularFile(hyper)) {
            throw new BadInputException(dir, "hyperparams.json is here but no weights: expected "
                    + "checkpoints/final.safetensors");
        }
        throw new BadInputException(dir, "no SAE found; " + EXPECTED);
    }

    private static Path parentOf(Path file) {
        Path p = file.toAbsolutePath().getParent();
        return p == null ? file : p;
    }

    static boolean isPickleName(String lowerName) {
        for (String ext : PICKLE_EXTENSIONS) {
            if (lowerName.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }

    private static Path firstPickle(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p)
                            && isPickleName(p.getFileName().toString().toLowerCase(Locale.ROOT)))
                    .sorted().findFirst().orElse(null);
        } catch (IOException e) {
            throw new BadInputException(dir, "cannot list the folder: " + e.getMessage(), e);
        }
    }

    /**
     * The tensor layer owns the pickle message (why a pickle is refused and how to convert it):
     * opening the file through it yields that message, and the file is never unpickled.
     */
    private static BadInputException refusePickle(Path pickle) {
        try (TensorSource ignored = TensorFiles.open(pickle)) {
            return new BadInputException(pickle, "is a Python pickle, which can run arbitrary code when "
                    + "loaded; SAEscope does not read pickles. Convert it to safetensors first");
        } catch (BadInputException e) {
            return e;
        }
    }
}
