package org.saescope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.saescope.eval.EvalResult;
import org.saescope.eval.ModelSaeEvaluation;
import org.saescope.features.SaeDictionary;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.lm.corpus.CorpusReader;
import org.saescope.lm.corpus.CorpusWindows;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.tensor.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saescope eval}: the standard SAE metrics on a model over a corpus (DESIGN.md "Metrics"),
 * with CE/KL from splicing the reconstruction into the model and from zero-ablating the hook.
 */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate an SAE on a model over a corpus: L0, L1, MSE, explained variance, cosine, "
                + "norm ratio, CE loss score, KL score, dead and dense features, density histogram.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model folder or cached Hugging Face id.")
    String model;

    @Option(names = "--sae", required = true, paramLabel = "SAE", description = "SAE folder or file.")
    Path saePath;

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "Corpus (.jsonl with \"text\", or plain text).")
    Path corpus;

    @Option(names = "--max-tokens", defaultValue = "16384", description = "Tokens to evaluate (default: ${DEFAULT-VALUE}).")
    long maxTokens;

    @Option(names = "--context", description = "Tokens per model run (default: the SAE's context_size, else 128).")
    Integer context;

    @Option(names = "--no-loss", description = "Skip the CE/KL model runs (reconstruction metrics only).")
    boolean noLoss;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (maxTokens <= 0) {
            throw new BadInputException(null, "--max-tokens must be positive, got " + maxTokens);
        }
        try (CorpusReader check = CorpusReader.open(corpus)) {
            // a missing or empty corpus is bad input before anything is loaded
        }
        try (Sae sae = SaeLoader.load(saePath); LanguageModel lm = ModelLoader.load(model)) {
            String hook = SaeOnModel.hook(sae, saePath, lm);
            int ctx = context != null ? context : sae.config().contextSize() != null ? sae.config().contextSize() : 128;
            if (ctx < 2 || ctx > lm.config().contextLength()) {
                throw new BadInputException(null, "context " + ctx + " must be in [2, " + lm.config().contextLength() + "]");
            }
            EvalResult r;
            try (CorpusWindows windows = new CorpusWindows(corpus, lm.tokenizer(), ctx, lm.config().eosTokenId())) {
                r = ModelSaeEvaluation.run(lm, sae, new SaeDictionary(sae), hook, windows, maxTokens, !noLoss);
            }
            if (json) {
                out.println(r.toJson());
            } else {
                printTable(out, r);
            }
        }
        return ExitCodes.OK;
    }

    private static void printTable(PrintWriter out, EvalResult r) {
        String f = "%-20s %s%n";
        out.printf(Locale.ROOT, f, "l0", num(r.l0()));
        out.printf(Locale.ROOT, f, "l1", num(r.l1()));
        out.printf(Locale.ROOT, f, "mse", num(r.mse()));
        out.printf(Locale.ROOT, f, "explained_variance", num(r.explainedVariance()));
        out.printf(Locale.ROOT, f, "cossim", num(r.cossim()));
        out.printf(Locale.ROOT, f, "l2_ratio", num(r.l2Ratio()));
        out.printf(Locale.ROOT, f, "ce_loss_score", num(r.ceLossScore()));
        out.printf(Locale.ROOT, f, "kl_score", num(r.klScore()));
        out.printf(Locale.ROOT, f, "ce_clean", num(r.ceClean()));
        out.printf(Locale.ROOT, f, "ce_sae", num(r.ceSae()));
        out.printf(Locale.ROOT, f, "ce_zero", num(r.ceZero()));
        out.printf(Locale.ROOT, f, "dead_features", r.deadFeatures());
        out.printf(Locale.ROOT, f, "dense_features", r.denseFeatures());
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "n/a";
    }
}
