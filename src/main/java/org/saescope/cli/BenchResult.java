package org.saescope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured operation, printed either as one JSON object per line (the same field names as
 * {@code shared/bench/torch_sae_bench.py}, so the two can be compared by a script) or as a row of a
 * short table.
 *
 * @param op     what was measured, e.g. "encode", "decode_sparse"
 * @param impl   which implementation, e.g. "djl-cpu/pytorch-2.7.1"
 * @param tokens tokens per timed run
 * @param flop   floating-point operations per timed run (for GFLOP/s)
 * @param extra  further fields (sizes, threads, ...), in print order
 */
record BenchResult(String op, String impl, int tokens, BenchTiming timing, double flop, Map<String, Object> extra) {
    private static final ObjectMapper JSON = new ObjectMapper();

    double tokensPerSecond() {
        return tokens / timing.medianSeconds();
    }

    double gflops() {
        return flop / timing.medianSeconds() / 1e9;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", impl);
        m.put("op", op);
        m.putAll(extra);
        m.put("tokens", tokens);
        m.put("reps", timing.reps());
        m.put("best_s", timing.bestSeconds());
        m.put("median_s", timing.medianSeconds());
        m.put("tokens_per_s", tokensPerSecond());
        m.put("gflops", gflops());
        m.put("host_steal_seconds", timing.stealSeconds());
        return m;
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen for numbers and strings", e);
        }
    }

    static void print(List<BenchResult> results, boolean json, PrintWriter out) {
        if (json) {
            for (BenchResult r : results) {
                out.println(r.toJson());
            }
        } else {
            out.printf(Locale.ROOT, "%-14s %12s %10s %10s %9s  %s%n", "op", "tokens/s", "median_s", "best_s", "GFLOP/s",
                    "impl");
            for (BenchResult r : results) {
                out.printf(Locale.ROOT, "%-14s %12.1f %10.4f %10.4f %9.1f  %s%n", r.op, r.tokensPerSecond(),
                        r.timing.medianSeconds(), r.timing.bestSeconds(), r.gflops(), r.impl);
            }
            double stolen = results.stream().mapToDouble(r -> Math.max(r.timing.stealSeconds(), 0)).sum();
            if (stolen >= 0.05) {
                out.printf(Locale.ROOT, "the host took %.1f CPU-seconds from this machine during the timed runs: timings are disturbed%n",
                        stolen);
            }
        }
        out.flush();
    }
}
