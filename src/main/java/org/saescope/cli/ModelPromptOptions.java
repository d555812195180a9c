package org.saescope.cli;

import picocli.CommandLine.Option;

/** {@code --model} and {@code --prompt}, shared by the commands that run a model on a text. */
final class ModelPromptOptions {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model folder or cached Hugging Face id.")
    String model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The text to run the model on.")
    String prompt;
}
