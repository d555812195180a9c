package org.saescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.saescope.lm.Gpt2BatchForward;
import org.saescope.tensor.BadInputException;
import org.saescope.train.lm.Gpt2FolderWriter;
import org.saescope.train.lm.HeldOutLoss;
import org.saescope.train.lm.LmTrainConfig;
import org.saescope.train.lm.LmTrainer;
import org.saescope.train.lm.NgramBaselines;
import org.saescope.train.lm.TokenWindows;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saescope train lm}: trains a small GPT-2 on a prepared corpus and writes it as a Hugging
 * Face folder, then reports its held-out loss beside unigram and bigram baselines.
 */
@Command(name = "lm",
        mixinStandardHelpOptions = true,
        description = "Train a small GPT-2 (DJL autograd, AdamW, warm-up + cosine) on a prepared corpus; resumable. "
                + "The defaults are the recipe of the bundled assets/models/brown-gpt2 (with --dtype float16).")
final class TrainLmCommand implements Callable<Integer> {
    static final String CSV_HEADER = "step,tokens,loss,lr,tokens_per_second";

    @Option(names = "--corpus", defaultValue = "assets/corpus/brown-train.jsonl", paramLabel = "FILE",
            description = "Prepared training corpus (default: ${DEFAULT-VALUE}; make it with 'saescope data brown').")
    Path corpus;

    @Option(names = "--heldout", defaultValue = "assets/corpus/brown-heldout.jsonl", paramLabel = "FILE",
            description = "Prepared held-out corpus for the final loss and baselines (default: ${DEFAULT-VALUE}).")
    Path heldout;

    @Option(names = "--tokenizer", defaultValue = "assets/models/brown-gpt2/tokenizer.json", paramLabel = "FILE",
            description = "tokenizer.json copied into the output folder (default: ${DEFAULT-VALUE}).")
    Path tokenizer;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write.")
    Path out;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where the resumable checkpoint and the loss curve live (default: OUT.checkpoint). "
                    + "A run finds its checkpoint there and continues.")
    Path checkpointDir;

    @Option(names = "--init-from", paramLabel = "DIR",
            description = "Start from this GPT-2 folder's weights (same shape) instead of a fresh initialisation: "
                    + "a further training stage with its own schedule.")
    Path initFrom;

    @Option(names = "--layers", defaultValue = "4") int layers;
    @Option(names = "--d-model", defaultValue = "128") int dModel;
    @Option(names = "--heads", defaultValue = "4") int heads;
    @Option(names = "--context", defaultValue = "128") int context;
    @Option(names = "--vocab", defaultValue = "50257") int vocab;
    @Option(names = "--batch", defaultValue = "8", description = "Windows per step (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--steps", defaultValue = "2000") int steps;
    @Option(names = "--warmup", defaultValue = "40") int warmup;
    @Option(names = "--lr", defaultValue = "3e-3") double lr;
    @Option(names = "--min-lr-ratio", defaultValue = "0.1") double minLrRatio;
    @Option(names = "--weight-decay", defaultValue = "0.1") double weightDecay;
    @Option(names = "--clip", defaultValue = "1.0") double clip;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--checkpoint-every", defaultValue = "25") int checkpointEvery;
    @Option(names = "--log-every", defaultValue = "10") int logEvery;
    @Option(names = "--min-token-count", defaultValue = "3", description = "Tokens seen fewer times in the training "
            + "corpus share one embedding row; 0 gives every token its own (default: ${DEFAULT-VALUE}).")
    int minTokenCount;
    @Option(names = "--dtype", defaultValue = "float32", description = "Stored weight type: float32 or float16.")
    String dtype;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        Gpt2FolderWriter.StoredType stored = switch (dtype) {
            case "float32" -> Gpt2FolderWriter.StoredType.FLOAT32;
            case "float16" -> Gpt2FolderWriter.StoredType.FLOAT16;
            default -> throw new BadInputException(null, "--dtype must be float32 or float16, not " + dtype);
        };
        requireFile(corpus);
        requireFile(heldout);
        requireFile(tokenizer);
        Gpt2BatchForward.Dims dims = new Gpt2BatchForward.Dims(layers, dModel, heads, 4 * dModel, vocab, context, 1e-5f);
        LmTrainConfig cfg = new LmTrainConfig(dims, seed, batch, steps, warmup, lr, minLrRatio, weightDecay, clip,
                checkpointEvery, logEvery, minTokenCount);
        // documents are separated by the vocabulary's last id: <|endoftext|> in GPT-2's
        int[] trainStream = TokenWindows.readStream(corpus, vocab - 1, vocab);
        TokenWindows train = new TokenWindows(trainStream, context);
        TokenWindows held = new TokenWindows(TokenWindows.readStream(heldout, vocab - 1, vocab), context);
        log.printf(Locale.ROOT, "corpus: %d tokens, %d windows of %d; %d steps of %d windows = %.2f epochs%n",
                trainStream.length, train.windowCount(), context, steps, batch, steps / (double) train.stepsPerEpoch(batch));

        Path ckDir = checkpointDir != null ? checkpointDir : out.resolveSibling(out.getFileName() + ".checkpoint");
        Files.createDirectories(ckDir);
        Path checkpoint = ckDir.resolve("checkpoint.safetensors");
        Path csv = ckDir.resolve("training.csv");
        int resumeStep = LmTrainer.checkpointStep(checkpoint);
        List<String> kept = new ArrayList<>();
        if (resumeStep > 0 && Files.exists(csv)) {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                // keep the earlier run's rows up to the checkpoint; later ones will be redone
                if (!line.isEmpty() && Character.isDigit(line.charAt(0))
                        && Integer.parseInt(line.substring(0, line.indexOf(','))) <= resumeStep) {
                    kept.add(line);
                }
            }
        }
        LmTrainer.Result result;
        try (CsvCurve curve = new CsvCurve(csv, kept)) {
            java.util.Map<String, float[]> initial = initFrom == null ? null : Gpt2FolderWriter.read(initFrom, dims);
            result = new LmTrainer(cfg).train(train, initial, checkpoint, p -> {
                curve.add(p);
                log.printf(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  %.0f tokens/s%n", p.step(), p.totalSteps(), p.loss(),
                        p.lr(), p.tokensPerSecond());
                log.flush();
            }, () -> false);
        }
        if (result.resumedFrom() > 0) {
            log.printf("resumed from the checkpoint at step %d%n", result.resumedFrom());
        }
        Gpt2FolderWriter.write(out, dims, result.params(), stored, tokenizer);
        Files.copy(csv, out.resolve("training.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        double heldLoss = HeldOutLoss.of(dims, result.params(),
                org.saescope.train.lm.TrainingVocabulary.of(trainStream, vocab, minTokenCount), held, batch);
        NgramBaselines.Result base = NgramBaselines.fit(trainStream, held, vocab);
        log.printf(Locale.ROOT, "held-out loss (nats/token over %d tokens): model %.4f  unigram(add-1) %.4f  bigram(KN) %.4f%n",
                base.pairs(), heldLoss, base.unigram(), base.bigram());
        log.printf("wrote %s%n", out);
        return ExitCodes.OK;
    }

    private static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new BadInputException(p, "does not exist or is not a file");
        }
    }

    /** The loss curve CSV; on resume, rows after the checkpoint's step are dropped (they will be redone). */
    private static final class CsvCurve implements AutoCloseable {
        private final PrintWriter w;

        CsvCurve(Path file, List<String> previous) throws IOException {
            this.w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
            w.println(CSV_HEADER);
            previous.forEach(w::println);
            w.flush();
        }

        void add(LmTrainer.Progress p) {
            w.printf(Locale.ROOT, "%d,%d,%.6f,%.6g,%.1f%n", p.step(), p.tokens(), p.loss(), p.lr(), p.tokensPerSecond());
            w.flush();
        }

        @Override
        public void close() {
            w.close();
            if (w.checkError()) {
                throw new UncheckedIOException(new IOException("cannot write the training curve"));
            }
        }
    }
}
