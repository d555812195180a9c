package org.saescope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code saescope data …}: prepares the files the demo ships (tokenizer, Brown corpus). */
@Command(name = "data",
        mixinStandardHelpOptions = true,
        description = "Prepare the demo's data: GPT-2 tokenizer.json and the tagged Brown corpus.",
        subcommands = {DataTokenizerCommand.class, DataBrownCommand.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
