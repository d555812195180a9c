package org.saescope.cli;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saescope.sae.SparseCodes;
import org.saescope.sae.kernel.Arch;
import org.saescope.sae.kernel.SaeKernel;
import org.saescope.sae.kernel.SaeKernels;
import org.saescope.tensor.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code saescope bench encode}: SAE encode and sparse decode throughput on random weights, the
 * same work as {@code shared/bench/torch_sae_bench.py} does in PyTorch: encode =
 * codes((x − b_dec) · W_enc + b_enc), decode_sparse = Σ_f a_f · W_dec[f] + b_dec.
 */
@Command(name = "encode",
        mixinStandardHelpOptions = true,
        description = {"Measure SAE encode and sparse decode throughput on random weights.",
            "Weights as the PyTorch bench builds them: W_enc ~ N(0,1)/sqrt(d_in), W_dec = W_enc^T, "
                + "biases ~ N(0,1)*0.01, x ~ N(0,1). JumpReLU uses one threshold for all features, "
                + "the (1 - k/d_sae) quantile of N(0,1), so that about k features fire per token."})
final class BenchEncodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(names = "--d-in", defaultValue = "768", description = "Input width (default: ${DEFAULT-VALUE}).")
    int dIn;

    @Option(names = "--d-sae", defaultValue = "24576", description = "Number of features (default: ${DEFAULT-VALUE}).")
    int dSae;

    @Option(names = "--k", defaultValue = "32",
            description = "TopK k; for jumprelu the mean L0 the threshold aims at (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--tokens", defaultValue = "4096", description = "Tokens per timed run (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--arch", defaultValue = "topk", description = "topk, relu, jumprelu or gated (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--reps", defaultValue = "5", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or reference (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "One JSON object per operation instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Arch a = parseArch();
        validate(a);
        RandomSae sae = RandomSae.create(a, dIn, dSae, k, seed);
        float[] x = RandomSae.inputs(tokens, dIn, seed + 1);
        List<BenchResult> results = new ArrayList<>();
        try (SaeKernel kernel = SaeKernels.create(sae.spec, device)) {
            SparseCodes[] last = new SparseCodes[1];
            BenchTiming enc = BenchTiming.measure(warmup, reps, () -> last[0] = encode(kernel, x, sae.bDec));
            SparseCodes codes = last[0];
            String impl = implName(kernel);
            double l0 = (double) codes.nnz() / tokens;
            results.add(new BenchResult("encode", impl, tokens, enc, 2.0 * tokens * dIn * dSae, fields(a, l0)));
            BenchTiming dec = BenchTiming.measure(warmup, reps, () -> decode(kernel, codes, sae.bDec));
            results.add(new BenchResult("decode_sparse", impl, tokens, dec, 2.0 * codes.nnz() * dIn, fields(a, l0)));
        }
        BenchResult.print(results, json, cmd.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** Encode as the PyTorch bench times it: subtracting b_dec is part of the work. */
    private SparseCodes encode(SaeKernel kernel, float[] x, float[] bDec) {
        float[] centred = new float[x.length];
        for (int t = 0; t < tokens; t++) {
            for (int i = 0, o = t * dIn; i < dIn; i++) {
                centred[o + i] = x[o + i] - bDec[i];
            }
        }
        return kernel.encode(centred, tokens);
    }

    private float[] decode(SaeKernel kernel, SparseCodes codes, float[] bDec) {
        float[] out = kernel.decode(codes);
        for (int t = 0; t < tokens; t++) {
            for (int i = 0, o = t * dIn; i < dIn; i++) {
                out[o + i] += bDec[i];
            }
        }
        return out;
    }

    private Map<String, Object> fields(Arch a, double l0) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arch", a.name().toLowerCase(Locale.ROOT));
        m.put("d_in", dIn);
        m.put("d_sae", dSae);
        m.put("k", a == Arch.TOPK || a == Arch.JUMPRELU ? k : 0);
        m.put("l0", l0);
        m.put("threads", device.equalsIgnoreCase("reference") ? 1 : SaeKernels.cpuThreads());
        return m;
    }

    private static String implName(SaeKernel kernel) {
        if (kernel.name().startsWith("djl")) {
            Engine e = Engine.getInstance();
            return kernel.name() + "/" + e.getEngineName().toLowerCase(Locale.ROOT) + "-" + e.getVersion();
        }
        return kernel.name();
    }

    private Arch parseArch() {
        switch (arch.toLowerCase(Locale.ROOT)) {
            case "topk":
                return Arch.TOPK;
            case "relu":
            case "standard":
                return Arch.RELU;
            case "jumprelu":
                return Arch.JUMPRELU;
            case "gated":
                return Arch.GATED;
            default:
                throw new BadInputException(null, "--arch " + arch + ": expected topk, relu, jumprelu or gated");
        }
    }

    private void validate(Arch a) {
        positive("--d-in", dIn);
        positive("--d-sae", dSae);
        positive("--tokens", tokens);
        positive("--reps", reps);
        if (warmup < 0) {
            throw new BadInputException(null, "--warmup " + warmup + ": must not be negative");
        }
        if ((a == Arch.TOPK || a == Arch.JUMPRELU) && (k <= 0 || k > dSae)) {
            throw new BadInputException(null, "--k " + k + ": must be in 1.." + dSae + " (--d-sae)");
        }
        if ((long) dIn * dSae > Integer.MAX_VALUE - 8 || (long) tokens * dIn > Integer.MAX_VALUE - 8) {
            throw new BadInputException(null, "--d-in x --d-sae and --tokens x --d-in must each stay below 2^31 floats");
        }
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new BadInputException(null, option + " " + value + ": must be positive");
        }
    }
}
