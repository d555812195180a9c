package org.saescope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;
import org.saescope.features.FeatureIndexBuilder;
import org.saescope.features.IndexSettings;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.sae.kernel.SaeKernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saescope index --model M --sae S --corpus C --out INDEX.sqlite}: builds a feature index
 * (docs/formats/feature-index.md). Progress and ETA go to stderr. Ctrl-C stops at the next window
 * and keeps what is committed; running the same command again resumes.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Build a feature index: statistics, examples, logit effects, neighbours and concept matches of every SAE feature over a corpus.")
final class IndexCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M", description = "Hugging Face model folder or cached hub id.")
    String model;

    @Option(names = "--sae", required = true, paramLabel = "S", description = "SAE folder or file.")
    Path sae;

    @Option(names = "--corpus", required = true, paramLabel = "C",
            description = "Plain text (blank-line separated documents), JSONL with a text field, or a prepared Brown .jsonl.")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "INDEX.sqlite", description = "Index file to write (or resume).")
    Path out;

    @Option(names = "--context", defaultValue = "64", description = "Tokens per context window (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--top", defaultValue = "20", description = "Top-activating examples per feature (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--quantiles", defaultValue = "5x5",
            description = "BANDSxEXAMPLES: activation bands and examples sampled from each (default: ${DEFAULT-VALUE}).")
    String quantiles;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the quantile sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--block-tokens", defaultValue = "4096",
            description = "Tokens encoded and committed per block (default: ${DEFAULT-VALUE}).")
    int blockTokens;

    @Option(names = "--device", defaultValue = "cpu", description = "SAE kernel: cpu, cuda or reference (default: ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IndexSettings settings = IndexSettings.DEFAULT.withContext(context).withTopN(top).withQuantiles(quantiles)
                .withSeed(seed).withBlockTokens(blockTokens);
        PrintWriter err = spec.commandLine().getErr();
        AtomicBoolean cancel = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.set(true);
            try {
                stopped.await(30, TimeUnit.SECONDS); // let the build stop at a window boundary
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (LanguageModel m = ModelLoader.load(model);
             Sae s = SaeLoader.load(sae, spec2 -> SaeKernels.create(spec2, device))) {
            FeatureIndexBuilder.Result r = FeatureIndexBuilder.build(
                    new FeatureIndexBuilder.Sources(m, model, s, sae.toString(), corpus), out, settings, cancel::get,
                    new ProgressPrinter(err));
            err.println();
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "%s: %d documents (%d empty, skipped), %d windows, %d tokens%s; stage 1 %.1f s (%.0f tokens/s), total %.1f s%n",
                    r.index(), r.documents(), r.emptyDocuments(), r.windows(), r.tokens(), r.resumed() ? ", resumed" : "",
                    r.stage1Seconds(), r.tokensPerSecond(), r.totalSeconds());
            return ExitCodes.OK;
        } catch (CancellationException e) {
            err.println();
            err.println(out + ": cancelled; what was committed is kept. Run the same command again to resume.");
            return ExitCodes.INTERNAL;
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    /** One status line on stderr, rewritten in place. */
    private static final class ProgressPrinter implements FeatureIndexBuilder.Listener {
        private final PrintWriter err;

        ProgressPrinter(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void stage(String description) {
            err.println();
            err.print(description + " …");
            err.flush();
        }

        @Override
        public void progress(long docs, long total, long tokens, double tps, double eta) {
            err.printf(Locale.ROOT, "\rdocuments %d/%d, %d tokens, %.0f tokens/s, ETA %s   ", docs, total, tokens, tps,
                    Double.isNaN(eta) ? "?" : String.format(Locale.ROOT, "%d:%02d", (long) eta / 60, (long) eta % 60));
            err.flush();
        }
    }
}
