package org.saescope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code saescope} command; each capability is a subcommand. */
@Command(name = "saescope",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "SAEscope: look inside language models through sparse autoencoders.",
        subcommands = {CommandLine.HelpCommand.class, InfoCommand.class, EncodeCommand.class, RunCommand.class,
            GenerateCommand.class, BenchCommand.class, DataCommand.class, IndexCommand.class,
            FeatureCommand.class, LabelsCommand.class, TrainCommand.class, EvalCommand.class})
public final class SaescopeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI and returns the process exit code (0 ok, 2 bad input, 1 internal failure). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new SaescopeCommand());
        cl.setExecutionExceptionHandler(new ExitCodes.ErrorHandler());
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        return cl;
    }
}
