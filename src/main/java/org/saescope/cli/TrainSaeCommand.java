package org.saescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.lm.corpus.CorpusReader;
import org.saescope.lm.corpus.CorpusWindows;
import org.saescope.sae.kernel.Arch;
import org.saescope.tensor.BadInputException;
import org.saescope.train.CsvTrainLog;
import org.saescope.train.ModelActivationSource;
import org.saescope.train.SaeLensMetadata;
import org.saescope.train.SaeLensWriter;
import org.saescope.train.SaeTrainConfig;
import org.saescope.train.SaeTrainer;
import org.saescope.train.TrainListener;
import org.saescope.train.TrainedSae;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saescope train sae}: streams a model's activations at one hook over a corpus through the
 * shuffling buffer into {@link SaeTrainer} and writes a SAELens v6 folder. Everything the run needs
 * (corpus, model, hook, widths, output folder) is checked before training starts; a failure
 * leaves nothing behind.
 */
@Command(name = "sae",
        mixinStandardHelpOptions = true,
        description = "Train an SAE (topk, relu or jumprelu) on a model's activations at one hook over a corpus.")
final class TrainSaeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model folder or cached Hugging Face id.")
    String model;

    @Option(names = "--hook", required = true, paramLabel = "HOOK", description = "Hook to read, e.g. blocks.2.hook_resid_pre.")
    String hook;

    @Option(names = "--corpus", required = true, paramLabel = "FILE",
            description = "Corpus: .jsonl with a \"text\" field per line (prepared Brown splits work) or plain text.")
    Path corpus;

    @Option(names = "--arch", required = true, paramLabel = "ARCH", description = "topk, relu or jumprelu.")
    String arch;

    @Option(names = "--d-sae", required = true, paramLabel = "N", description = "Number of latents.")
    int dSae;

    @Option(names = "--d-in", paramLabel = "N", description = "Expected hook width; checked against the model when given.")
    Integer dIn;

    @Option(names = "--k", defaultValue = "16", description = "TopK: active latents per token (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--l1", defaultValue = "5.0", description = "ReLU: L1 coefficient (default: ${DEFAULT-VALUE}).")
    double l1;

    @Option(names = "--l0", defaultValue = "1.0", description = "JumpReLU: L0 coefficient (default: ${DEFAULT-VALUE}).")
    double l0;

    @Option(names = "--jumprelu-threshold", defaultValue = "0.01",
            description = "JumpReLU: initial threshold (default: ${DEFAULT-VALUE}).")
    double jumpReluThreshold;

    @Option(names = "--lr", defaultValue = "3e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--tokens", defaultValue = "2000000", description = "Training tokens (default: ${DEFAULT-VALUE}).")
    long tokens;

    @Option(names = "--batch", defaultValue = "4096", description = "Tokens per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--context", defaultValue = "128", description = "Tokens per model run (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--normalize-activations", description = "Scale activations to mean norm √d_in while training "
            + "(folded into the saved weights).")
    boolean normalize;

    @Option(names = "--dead-window", defaultValue = "1000000",
            description = "Tokens without firing after which a latent counts as dead (default: ${DEFAULT-VALUE}).")
    long deadWindow;

    @Option(names = "--min-density", defaultValue = "0", description = "TopK density balancing: while a latent's "
            + "firing density (averaged over the dead window) is below this, raise its b_enc each step (default: off).")
    double minDensity;

    @Option(names = "--density-step", defaultValue = "1e-3",
            description = "TopK density balancing: b_enc increase per step (default: ${DEFAULT-VALUE}).")
    double densityStep;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--log-every", defaultValue = "50", description = "Steps between progress lines (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--log-csv", paramLabel = "FILE", description = "Also write the progress as CSV.")
    Path logCsv;

    @Option(names = "--out", paramLabel = "DIR", description = "New SAELens folder to write (default: sae-ARCH-HOOK).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        Arch a = switch (arch.toLowerCase(Locale.ROOT)) {
            case "topk" -> Arch.TOPK;
            case "relu", "standard" -> Arch.RELU;
            case "jumprelu" -> Arch.JUMPRELU;
            default -> throw new BadInputException(null, "--arch must be topk, relu or jumprelu, not " + arch);
        };
        Path target = out != null ? out : Path.of("sae-" + a.name().toLowerCase(Locale.ROOT) + "-" + hook);
        if (Files.exists(target)) {
            throw new BadInputException(target, "already exists; choose a new folder for the trained SAE");
        }
        try (CorpusReader check = CorpusReader.open(corpus)) {
            // a missing or empty corpus is bad input before the model is loaded
        }
        Path modelDir = ModelLoader.resolve(model);
        try (LanguageModel lm = ModelLoader.load(modelDir)) {
            int width = lm.hookWidth(hook); // an unknown hook is bad input naming the valid ones
            if (dIn != null && dIn != width) {
                throw new BadInputException(modelDir, "hook " + hook + " has width " + width + ", not the --d-in " + dIn);
            }
            if (context > lm.config().contextLength()) {
                throw new BadInputException(null, "--context " + context + " exceeds the model's context length "
                        + lm.config().contextLength());
            }
            SaeTrainConfig cfg = SaeTrainConfig.builder(a, width, dSae).k(k).l1Coefficient(l1).l0Coefficient(l0)
                    .jumpReluInitThreshold(jumpReluThreshold).lr(lr).totalTokens(tokens).batchSize(batch)
                    .deadWindowTokens(deadWindow).densityBalancing(minDensity, densityStep).seed(seed).logEvery(logEvery).normalizeActivations(normalize)
                    .build();
            TrainListener console = p -> {
                log.printf(Locale.ROOT, "step %d  tokens %d/%d  loss %.5g  mse %.5g  L0 %.2f  EV %.4f  dead %d%n", p.step(),
                        p.tokens(), p.totalTokens(), p.loss(), p.mseLoss(), p.l0(), p.explainedVariance(), p.deadLatents());
                log.flush();
            };
            TrainedSae trained;
            try (CorpusWindows windows = new CorpusWindows(corpus, lm.tokenizer(), context, lm.config().eosTokenId());
                 ModelActivationSource source = new ModelActivationSource(lm, hook, windows);
                 CsvTrainLog csv = logCsv != null ? CsvTrainLog.open(logCsv) : null) {
                trained = new SaeTrainer(cfg).train(source, csv != null ? console.andThen(csv) : console);
            }
            String modelName = modelDir.toAbsolutePath().normalize().getFileName().toString();
            SaeLensMetadata meta = new SaeLensMetadata(modelName, hook, context, false, corpus.getFileName().toString());
            SaeLensWriter.write(trained, meta, target);
            log.printf(Locale.ROOT, "trained on %d tokens in %d steps; wrote %s%n", trained.tokens(), trained.steps(), target);
        }
        return ExitCodes.OK;
    }
}
