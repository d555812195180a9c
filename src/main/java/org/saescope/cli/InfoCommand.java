package org.saescope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saescope.sae.SaeArchitecture;
import org.saescope.sae.SaeConfig;
import org.saescope.sae.SaeDescription;
import org.saescope.sae.SaeLoader;
import org.saescope.tensor.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code saescope info PATH [--json]}: what a path holds, read from its config and tensor headers
 * without loading weights. Each kind of thing (an SAE, a language model) is one branch that fills
 * the same ordered map, printed as JSON or as a readable block. A model may also be named by a
 * Hugging Face id found in the local hub cache ({@code saescope info gpt2}).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe an SAE (format, architecture, sizes, hook) or a language model (type, sizes, dtype) without loading it.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "An SAE folder or file, a model folder, or a cached Hugging Face model id.")
    Path path;

    @Option(names = "--json", description = "Print one JSON object instead of a readable block.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        Map<String, Object> info = describe(path);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
        } else {
            printBlock(out, info);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The description of whatever the path holds; bad input when it is nothing SAEscope reads. */
    static Map<String, Object> describe(Path path) {
        if (SaeLoader.recognizes(path)) {
            return saeInfo(path, SaeLoader.describe(path));
        }
        if (ModelInfo.recognizes(path.toString())) {
            return ModelInfo.describe(path.toString());
        }
        try {
            SaeLoader.describe(path); // throws the precise reason it is not an SAE
        } catch (BadInputException e) {
            throw new BadInputException(path, "is neither an SAE nor a language model (" + e.getMessage() + ")", e);
        }
        throw new IllegalStateException("an unrecognised path described itself");
    }

    static Map<String, Object> saeInfo(Path path, SaeDescription d) {
        SaeConfig c = d.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "sae");
        m.put("path", path.toString());
        m.put("format", c.format().id());
        m.put("architecture", c.architecture().id());
        m.put("d_in", c.dIn());
        m.put("d_sae", c.dSae());
        m.put("dtype", c.dtype());
        m.put("hook_name", c.hookName());
        m.put("hook_layer", c.hookLayer());
        m.put("model_name", c.modelName());
        m.put("apply_b_dec_to_input", c.applyBDecToInput());
        m.put("normalize_activations", c.normalizeActivations().id());
        if (c.normScalingFactor() != null) {
            m.put("norm_scaling_factor", c.normScalingFactor());
        }
        if (c.architecture() == SaeArchitecture.TOPK) {
            m.put("k", c.k());
            m.put("rescale_acts_by_decoder_norm", c.rescaleActsByDecoderNorm());
        }
        m.put("context_size", c.contextSize());
        m.put("prepend_bos", c.prependBos());
        m.put("dataset_path", c.datasetPath());
        m.put("weights_file", d.weightsFile().toString());
        m.put("warnings", d.warnings());
        m.put("config", c.raw());
        return m;
    }

    private static void printBlock(PrintWriter out, Map<String, Object> info) {
        out.println(String.valueOf(info.get("kind")).toUpperCase(java.util.Locale.ROOT) + "  " + info.get("path"));
        for (Map.Entry<String, Object> e : info.entrySet()) {
            String k = e.getKey();
            if (k.equals("kind") || k.equals("path") || k.equals("config") || k.equals("warnings")
                    || e.getValue() == null) {
                continue;
            }
            out.printf("  %-28s %s%n", k, e.getValue());
        }
        Object warnings = info.get("warnings");
        if (warnings instanceof Iterable<?> ws) {
            for (Object w : ws) {
                out.println("  warning: " + w);
            }
        }
    }
}
