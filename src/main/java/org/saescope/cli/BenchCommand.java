package org.saescope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code saescope bench}: throughput measurements to set beside the PyTorch baselines in
 * {@code shared/bench/}. Each measured thing is a subcommand ({@code encode} now; {@code forward}
 * and {@code index} later), all printing {@link BenchResult}s the same way.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure throughput (tokens/s) of SAEscope's compute paths.",
        subcommands = {BenchEncodeCommand.class, BenchForwardCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
