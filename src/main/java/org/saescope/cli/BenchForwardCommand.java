package org.saescope.cli;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
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
            BenchTiming timing = BenchTiming.measure(warmup, reps, () -> model.logits(ids));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("config", config);
            extra.put("n_layers", c.nLayers());
            extra.put("d_model", c.dModel());
            extra.put("vocab_size", c.vocabSize());
            extra.put("threads", threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
            Engine engine = Engine.getInstance();
            String impl = "djl-cpu/" + engine.getEngineName().toLowerCase(Locale.ROOT) + "-" + engine.getVersion();
            BenchResult.print(List.of(new BenchResult("forward", impl, tokens, timing, ForwardCost.flops(c, tokens), extra)),
                    json, spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
