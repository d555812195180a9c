package org.saescope.sae;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.saescope.sae.kernel.EncoderSpec;
import org.saescope.sae.kernel.SaeKernel;
import org.saescope.sae.kernel.SaeKernels;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.TensorFiles;
import org.saescope.tensor.TensorSource;

/**
 * Loads an SAE from a folder or file in any supported format (see {@link SaeFormat}), detected
 * from the file names. Every tensor shape is checked against d_in / d_sae from the headers before
 * any data is read; bad input of any kind is a {@link BadInputException} naming the file.
 */
public final class SaeLoader {
    private static final System.Logger LOG = System.getLogger(SaeLoader.class.getName());

    private SaeLoader() {
    }

    /** Loads with the fast CPU kernel ({@link SaeKernels#create} with "cpu"). */
    public static Sae load(Path path) {
        return load(path, spec -> SaeKernels.create(spec, "cpu"));
    }

    /** Loads, building the encode/decode kernel with {@code kernels}. */
    public static Sae load(Path path, Function<EncoderSpec, SaeKernel> kernels) {
        SaeLocation loc = SaeLocator.locate(path);
        SaeFormatReader reader = readerFor(loc.format());
        List<String> warnings = new ArrayList<>();
        SaeConfig cfg;
        SaeWeights weights;
        try (TensorSource src = TensorFiles.open(loc.weightsFile())) {
            cfg = reader.config(loc, src, warnings);
            Map<TensorPlan, String> found = check(reader, cfg, src);
            WeightReader wr = new WeightReader(src, cfg.dIn(), cfg.dSae());
            EnumMap<WeightRole, float[]> w = new EnumMap<>(WeightRole.class);
            for (Map.Entry<TensorPlan, String> e : found.entrySet()) {
                float[] v = wr.read(e.getKey(), e.getValue(), wr.check(e.getKey(), e.getValue()));
                WeightReader.scanNonFinite(e.getValue(), v, warnings);
                w.put(e.getKey().role(), v);
            }
            reader.finish(loc, cfg, src, w, warnings);
            float[] logSparsity = reader.logSparsity(loc, cfg, warnings);
            weights = new SaeWeights(w.get(WeightRole.W_ENC), w.get(WeightRole.W_DEC), w.get(WeightRole.B_ENC),
                    w.get(WeightRole.B_DEC), w.get(WeightRole.THRESHOLD), w.get(WeightRole.B_GATE),
                    w.get(WeightRole.R_MAG), w.get(WeightRole.B_MAG), logSparsity, loc.weightsFile(),
                    List.copyOf(warnings));
        }
        for (String warning : warnings) {
            LOG.log(System.Logger.Level.WARNING, loc.weightsFile() + ": " + warning);
        }
        return new Sae(cfg, weights, kernels);
    }

    /** Reads the config and checks every tensor header, without reading any weights. */
    public static SaeDescription describe(Path path) {
        SaeLocation loc = SaeLocator.locate(path);
        SaeFormatReader reader = readerFor(loc.format());
        List<String> warnings = new ArrayList<>();
        try (TensorSource src = TensorFiles.open(loc.weightsFile())) {
            SaeConfig cfg = reader.config(loc, src, warnings);
            check(reader, cfg, src);
            return new SaeDescription(cfg, loc.weightsFile(), List.copyOf(warnings));
        }
    }

    /** Whether the path looks like an SAE by its file names (it may still fail to load). */
    public static boolean recognizes(Path path) {
        try {
            SaeLocator.locate(path);
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }

    /** Resolves every planned tensor and checks its shape; a missing required one is an error. */
    private static Map<TensorPlan, String> check(SaeFormatReader reader, SaeConfig cfg, TensorSource src) {
        WeightReader wr = new WeightReader(src, cfg.dIn(), cfg.dSae());
        Map<TensorPlan, String> found = new LinkedHashMap<>();
        for (TensorPlan p : reader.plan(cfg, src)) {
            String name = wr.resolve(p);
            if (name == null) {
                if (p.required()) {
                    throw new BadInputException(src.path(), "missing tensor " + String.join(" or ", p.names())
                            + " (a " + cfg.architecture().id() + " SAE needs it)");
                }
                continue;
            }
            wr.check(p, name);
            found.put(p, name);
        }
        return found;
    }

    private static SaeFormatReader readerFor(SaeFormat f) {
        switch (f) {
            case SAELENS:
                return new SaeLensFormat();
            case GEMMA_SCOPE:
                return new GemmaScopeFormat();
            case GEMMA_SCOPE_2:
                return new GemmaScope2Format();
            case SPARSIFY:
                return new SparsifyFormat();
            case LLAMA_SCOPE:
                return new LlamaScopeFormat();
            default:
                throw new IllegalStateException("no reader for " + f);
        }
    }
}
