package org.saescope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.saescope.lm.AddDirection;
import org.saescope.lm.GenerationOptions;
import org.saescope.lm.GenerationResult;
import org.saescope.lm.Intervention;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.lm.TextTokenizer;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.tensor.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code saescope generate --model MODEL --prompt TEXT [--max-tokens N --temperature T --seed S]
 * [--steer SAE:FEATURE:STRENGTH ...]}: streams the continuation to stdout (the prompt first).
 * Steering adds STRENGTH × W_dec[FEATURE] at the SAE's hook on every position, as SAELens and
 * Neuronpedia steer; several --steer add up. A summary line goes to stderr.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text with a language model, optionally steered by SAE features.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelPromptOptions input;

    @Option(names = "--max-tokens", defaultValue = "32", description = "Tokens to generate at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "1.0", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Sample among the k likeliest tokens; 0: all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling mass; 1: off (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed; the same seed gives the same text (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steer", paramLabel = "SAE:FEATURE:STRENGTH", description = "Add STRENGTH × the feature's decoder direction at the SAE's hook (repeatable).")
    List<String> steer = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** One parsed --steer. */
    record Steer(Path sae, int feature, float strength) {
        /** Splits at the last two colons, so the SAE path may itself contain colons. */
        static Steer parse(String s) {
            int b = s.lastIndexOf(':');
            int a = b <= 0 ? -1 : s.lastIndexOf(':', b - 1);
            if (a <= 0) {
                throw new BadInputException(null, "--steer '" + s + "' is not SAE:FEATURE:STRENGTH");
            }
            try {
                float strength = Float.parseFloat(s.substring(b + 1));
                if (!Float.isFinite(strength)) {
                    throw new NumberFormatException();
                }
                return new Steer(Path.of(s.substring(0, a)), Integer.parseInt(s.substring(a + 1, b)), strength);
            } catch (NumberFormatException e) {
                throw new BadInputException(null, "--steer '" + s + "': FEATURE must be an integer and STRENGTH a finite number");
            }
        }
    }

    @Override
    public Integer call() {
        List<Steer> steers = steer.stream().map(Steer::parse).toList();
        GenerationOptions options;
        try {
            options = GenerationOptions.greedy(maxTokens).withSampling(temperature, topK, topP, seed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(null, e.getMessage());
        }
        try (LanguageModel m = ModelLoader.load(input.model)) {
            List<Intervention> edits = steering(steers, m);
            TextTokenizer tok = m.tokenizer();
            int[] ids = tok.encode(input.prompt);
            if (ids.length == 0 || ids.length > m.config().contextLength()) {
                // checked before anything is printed, so a refused prompt leaves stdout empty
                throw new BadInputException(null, "the prompt has " + ids.length + " tokens; it needs 1 to "
                        + m.config().contextLength() + " (the model's context length)");
            }
            if (m.config().eosTokenId() >= 0) {
                options = options.withStopTokens(m.config().eosTokenId());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(input.prompt);
            out.flush();
            StreamingText stream = new StreamingText(tok, out);
            GenerationResult r = m.generate(ids, options, edits, (i, token) -> stream.add(token));
            stream.finish();
            PrintWriter err = spec.commandLine().getErr();
            err.println("[" + r.tokens().length + " tokens, stopped: " + r.stopReason().name().toLowerCase(java.util.Locale.ROOT) + "]");
            err.flush();
        }
        return ExitCodes.OK;
    }

    private static List<Intervention> steering(List<Steer> steers, LanguageModel m) {
        List<Intervention> edits = new ArrayList<>();
        for (Steer s : steers) {
            try (Sae sae = SaeLoader.load(s.sae(), spec -> CliKernels.create(spec, "cpu"))) {
                String hook = SaeOnModel.hook(sae, s.sae(), m);
                if (s.feature() < 0 || s.feature() >= sae.config().dSae()) {
                    throw new BadInputException(s.sae(), "has no feature " + s.feature() + " (d_sae " + sae.config().dSae() + ")");
                }
                edits.add(new AddDirection(hook, sae.decoderRow(s.feature()), s.strength()));
            }
        }
        return edits;
    }

    /**
     * Prints generated text as it grows. Decodes everything generated so far and prints what is new;
     * a trailing U+FFFD (half of a multi-byte character) is held back until the character completes.
     */
    private static final class StreamingText {
        private final TextTokenizer tok;
        private final PrintWriter out;
        private final List<Integer> ids = new ArrayList<>();
        private int printed;

        StreamingText(TextTokenizer tok, PrintWriter out) {
            this.tok = tok;
            this.out = out;
        }

        void add(int token) {
            ids.add(token);
            String text = tok.decode(ids.stream().mapToInt(Integer::intValue).toArray());
            int end = text.length();
            while (end > printed && text.charAt(end - 1) == '\uFFFD') {
                end--;
            }
            if (end > printed) {
                out.print(text.substring(printed, end));
                out.flush();
                printed = end;
            }
        }

        void finish() {
            String text = tok.decode(ids.stream().mapToInt(Integer::intValue).toArray());
            out.println(text.length() > printed ? text.substring(printed) : "");
            out.flush();
        }
    }
}
