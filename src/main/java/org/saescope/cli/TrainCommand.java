package org.saescope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code saescope train …}: trains the demo language model and SAEs on it. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = "Train the demo GPT-2 (train lm) or an SAE on a model's activations (train sae).",
        subcommands = {TrainLmCommand.class, TrainSaeCommand.class})
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
