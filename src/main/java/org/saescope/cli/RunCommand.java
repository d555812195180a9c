package org.saescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.lm.RunResult;
import org.saescope.lm.TokenizedText;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.sae.SparseCodes;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.SafetensorsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code saescope run --model MODEL --prompt TEXT [--hook NAME ...] [--sae SAE --top N] [--save OUT]}:
 * prints the prompt's tokens and, with an SAE, each token's strongest features. {@code --save}
 * writes {@code tokens} int64 [T], {@code logits} f32 [T, vocab] and one f32 [T, d] tensor per
 * {@code --hook}, named by the hook, through a temp file and a rename.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a language model on a prompt; show tokens, an SAE's top features per token, save activations.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ModelPromptOptions input;

    @Option(names = "--hook", paramLabel = "NAME", description = "A TransformerLens hook to save (repeatable).")
    List<String> hooks = new ArrayList<>();

    @Option(names = "--sae", paramLabel = "SAE", description = "An SAE on one of the model's hooks: print its top features per token.")
    Path saePath;

    @Option(names = "--top", defaultValue = "5", description = "Features shown per token (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--save", paramLabel = "OUT", description = "safetensors file for tokens, logits and the --hook activations.")
    Path save;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new BadInputException(null, "--top must be at least 1");
        }
        try (Sae sae = saePath == null ? null : SaeLoader.load(saePath, spec -> CliKernels.create(spec, "cpu"));
             LanguageModel m = ModelLoader.load(input.model)) {
            TokenizedText text = m.tokenizer().tokenize(input.prompt);
            if (text.size() == 0) {
                throw new BadInputException(null, "the prompt has no tokens");
            }
            Set<String> wanted = new LinkedHashSet<>(hooks);
            String saeHook = sae == null ? null : SaeOnModel.hook(sae, saePath, m);
            if (saeHook != null) {
                wanted.add(saeHook);
            }
            RunResult r = m.runWithCache(text.ids(), wanted, save != null, List.of());
            SparseCodes codes = sae == null ? null : sae.encode(r.hook(saeHook), text.size());
            print(text, m.tokenizer().pieces(text.ids()), codes);
            if (save != null) {
                write(r, m.config().dModel());
            }
        }
        return ExitCodes.OK;
    }

    private void print(TokenizedText text, String[] pieces, SparseCodes codes) {
        PrintWriter out = spec.commandLine().getOut();
        for (int t = 0; t < text.size(); t++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4d %7d  %-16s", t, text.ids()[t], quote(pieces[t])));
            if (codes != null) {
                int end = Math.min(codes.end(t), codes.start(t) + top); // each token's codes are sorted by value, largest first
                for (int p = codes.start(t); p < end; p++) {
                    line.append(String.format(Locale.ROOT, " %d=%.3f", codes.indices()[p], codes.values()[p]));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** A token's text in double quotes with control characters escaped, so spaces and newlines show. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    private void write(RunResult r, int d) throws IOException {
        int t = r.length();
        long[] tokens = new long[t];
        for (int i = 0; i < t; i++) {
            tokens[i] = r.tokens()[i];
        }
        SafetensorsWriter w = new SafetensorsWriter()
                .addI64("tokens", tokens, t)
                .addF32("logits", r.logits(), t, r.vocabSize());
        for (String h : new LinkedHashSet<>(hooks)) {
            w.addF32(h, r.hook(h), t, d);
        }
        w.metadata("model", input.model).metadata("prompt", input.prompt).write(save);
    }
}
