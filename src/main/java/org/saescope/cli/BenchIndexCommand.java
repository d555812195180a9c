package org.saescope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.saescope.features.FeatureIndexBuilder;
import org.saescope.features.IndexSettings;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;
import org.saescope.sae.kernel.SaeKernels;
import org.saescope.tensor.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saescope bench index}: tokens/s of a whole index build (model forward to the hook, SAE
 * encode, SQLite writes = stage 1; statistics, neighbours and logit effects = the rest) into a
 * temporary file. Defaults to the bundled demo: assets/models/brown-gpt2, the first SAE folder in
 * sample-dictionaries/, assets/corpus/brown-heldout.jsonl.
 *
 * <p>It builds the index {@code --builds} times in one JVM and reports the first build (cold: the
 * JIT compiles the builder's code while it runs, which on the 2-core reference machine took a
 * third of the process's CPU) and the median of the others (warm, what a long build runs at),
 * as the encode bench and the PyTorch baseline time warmed-up repetitions.
 */
@Command(name = "index", mixinStandardHelpOptions = true, description = "Measure feature-index build throughput (tokens/s).")
final class BenchIndexCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "assets/models/brown-gpt2", description = "Model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--sae", description = "SAE (default: the first folder in sample-dictionaries/ with a cfg.json).")
    Path sae;

    @Option(names = "--corpus", defaultValue = "assets/corpus/brown-heldout.jsonl", description = "Corpus (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(names = "--context", defaultValue = "64", description = "Tokens per window (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--device", defaultValue = "cpu", description = "SAE kernel (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--builds", defaultValue = "3",
            description = "Builds in one JVM: the first is reported as cold, the median of the rest as warm (default: ${DEFAULT-VALUE}).")
    int builds;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path saePath = sae != null ? sae : firstSampleSae();
        Path dir = Files.createTempDirectory("saescope-bench-index");
        Path out = dir.resolve("bench.sqlite");
        if (builds < 1) {
            throw new BadInputException(null, "--builds must be at least 1");
        }
        try (LanguageModel m = ModelLoader.load(model); Sae s = SaeLoader.load(saePath, e -> SaeKernels.create(e, device))) {
            StageClock clock = null;
            FeatureIndexBuilder.Result r = null;
            double[] seconds = new double[builds];
            long indexBytes = 0;
            double stealBefore = HostSteal.seconds();
            for (int b = 0; b < builds; b++) {
                deleteIndex(out);
                clock = new StageClock();
                r = FeatureIndexBuilder.build(new FeatureIndexBuilder.Sources(m, model, s, saePath.toString(), corpus),
                        out, IndexSettings.DEFAULT.withContext(context), null, clock);
                seconds[b] = r.totalSeconds();
                indexBytes = Files.size(out);
            }
            Map<String, Double> stages = clock.stop();
            double stolen = HostSteal.between(stealBefore, HostSteal.seconds());
            double cold = seconds[0];
            double warm = builds == 1 ? cold : median(java.util.Arrays.copyOfRange(seconds, 1, builds));
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("op", "index");
            o.put("model", model);
            o.put("sae", saePath.toString());
            o.put("d_sae", s.config().dSae());
            o.put("tokens", r.tokens());
            o.put("builds", builds);
            o.put("build_seconds", seconds);
            o.put("cold_total_seconds", cold);
            o.put("cold_tokens_per_s", r.tokens() / cold);
            o.put("total_seconds", warm);
            o.put("total_tokens_per_s", r.tokens() / warm);
            // The last build's own breakdown:
            o.put("stage1_seconds", r.stage1Seconds());
            o.put("stage1_tokens_per_s", r.tokensPerSecond());
            o.put("stage_seconds", stages);
            o.put("stage_cpu_seconds", clock.cpu());
            o.put("index_bytes", indexBytes);
            o.put("threads", SaeKernels.cpuThreads());
            o.put("host_steal_seconds", stolen);
            if (json) {
                spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(o));
            } else {
                spec.commandLine().getOut().printf(Locale.ROOT,
                        "index build: %d tokens, index %d KiB; whole build cold (first in this JVM) %.2f s = %.0f tokens/s,"
                                + " warm (median of %d) %.2f s = %.0f tokens/s%nlast build: stage 1 (forward + encode + writes)"
                                + " %.2f s = %.0f tokens/s%n",
                        r.tokens(), indexBytes / 1024, cold, r.tokens() / cold, Math.max(builds - 1, 1), warm, r.tokens() / warm,
                        r.stage1Seconds(), r.tokensPerSecond());
                if (stolen >= 0.05) {
                    spec.commandLine().getOut().printf(Locale.ROOT,
                            "the host took %.1f CPU-seconds from this machine during the builds: timings are disturbed%n", stolen);
                }
                for (Map.Entry<String, Double> e : stages.entrySet()) {
                    spec.commandLine().getOut().printf(Locale.ROOT, "  %-32s %6.2f s wall, %6.2f s CPU%n", e.getKey(), e.getValue(),
                            clock.cpu().get(e.getKey()));
                }
            }
            return ExitCodes.OK;
        } finally {
            deleteIndex(out);
            Files.deleteIfExists(dir);
        }
    }

    private static void deleteIndex(Path out) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(out + suffix));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Wall time between the builder's stage reports, so a slow build says which part is slow; the
     * time before the first report (corpus hash and document count) is "preparing".
     */
    private static final class StageClock implements FeatureIndexBuilder.Listener {
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private final Map<String, Double> cpuSeconds = new LinkedHashMap<>();
        private String current = "preparing";
        private long since = System.nanoTime();
        private long cpuSince = processCpuNanos();

        @Override
        public void stage(String description) {
            long now = System.nanoTime();
            long cpu = processCpuNanos();
            seconds.merge(current, (now - since) / 1e9, Double::sum);
            cpuSeconds.merge(current, (cpu - cpuSince) / 1e9, Double::sum);
            current = description;
            since = now;
            cpuSince = cpu;
        }

        Map<String, Double> stop() {
            stage(null);
            return seconds;
        }

        /** CPU seconds of the whole process (all threads, native ones too) per stage; 0 where the JVM cannot tell. */
        Map<String, Double> cpu() {
            return cpuSeconds;
        }

        private static long processCpuNanos() {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        }
    }

    private static Path firstSampleSae() throws IOException {
        Path root = Path.of("sample-dictionaries");
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                var first = s.filter(p -> Files.isRegularFile(p.resolve("cfg.json"))).sorted().findFirst();
                if (first.isPresent()) {
                    return first.get();
                }
            }
        }
        throw new BadInputException(root, "holds no SAE folder; pass --model, --sae and --corpus");
    }
}
