package org.saescope.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.saescope.lm.ForwardCost;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelConfig;
import org.saescope.lm.ModelPresets;
import org.saescope.tensor.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saescope bench forward}: one full forward pass (all tokens' logits, copied out to Java) of
 * a random-weight model of a known shape, the same work as src/test/python/torch_forward_bench.py
 * does in PyTorch. Registered under {@code bench} beside {@code bench encode}.
 */
@Command(name = "forward",
        mixinStandardHelpOptions = true,
        description = "Measure language-model forward throughput on random weights of a known model's shape.")
public final class BenchForwardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "Model shape: gpt2-small or pythia-70m.")
    String config;

    @Option(names = "--tokens", defaultValue = "128", description = "Tokens per forward pass (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--reps", defaultValue = "5", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "0",
            description = "Intra-op threads for the engine; 0 keeps its default, one per core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random weights and tokens (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of a table row.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (tokens <= 0 || reps <= 0 || warmup < 0 || threads < 0) {
            throw new BadInputException(null, "--tokens and --reps must be positive, --warmup and --threads ≥ 0");
        }
        if (threads > 0) {
            // Read by DJL's PyTorch engine when it starts, which is on the first model below.
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        try (LanguageModel model = ModelPresets.randomModel(config, seed)) {
            ModelConfig c = model.config();
            if (tokens > c.contextLength()) {
                throw new BadInputException(null, "--tokens " + tokens + " exceeds " + config + "'s context of " + c.contextLength());
            }
            int[] ids = new SplittableRandom(seed + 1).ints(tokens, 0, c.vocabSize()).toArray();
            for (int i = 0; i < warmup; i++) {
                model.logits(ids);
            }
            double[] s = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                model.logits(ids);
                s[i] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(s);
            double median = s[reps / 2]; // upper median, as the PyTorch script's sorted(t)[len(t) // 2]
            Map<String, Object> out = new LinkedHashMap<>();
            Engine engine = Engine.getInstance();
            out.put("impl", "djl-" + engine.getEngineName().toLowerCase(Locale.ROOT) + "-" + engine.getVersion());
            out.put("op", "forward");
            out.put("config", config);
            out.put("n_layers", c.nLayers());
            out.put("d_model", c.dModel());
            out.put("vocab_size", c.vocabSize());
            out.put("threads", threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
            out.put("tokens", tokens);
            out.put("reps", reps);
            out.put("best_s", s[0]);
            out.put("median_s", median);
            out.put("tokens_per_s", tokens / median);
            out.put("gflops", ForwardCost.flops(c, tokens) / median / 1e9);
            print(out);
        }
        return ExitCodes.OK;
    }

    private void print(Map<String, Object> out) throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(new ObjectMapper().writeValueAsString(out));
        } else {
            w.printf(Locale.ROOT, "%-8s %-11s %7s %12s %10s %10s %9s  %s%n", "op", "config", "tokens", "tokens/s", "median_s",
                    "best_s", "GFLOP/s", "impl");
            w.printf(Locale.ROOT, "%-8s %-11s %7d %12.1f %10.4f %10.4f %9.1f  %s%n", out.get("op"), config, tokens,
                    out.get("tokens_per_s"), out.get("median_s"), out.get("best_s"), out.get("gflops"), out.get("impl"));
        }
        w.flush();
    }
}
