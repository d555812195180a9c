package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code saescope data …}: exit codes and one-line messages. */
class DataCommandTest {
    private static final String TOKENIZER = "assets/models/brown-gpt2/tokenizer.json";

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SaescopeCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void brownPreparesBothSplits() throws IOException {
        Path pkg = Files.createDirectories(tmp.resolve("pkg"));
        Files.writeString(pkg.resolve("cats.txt"), "ca01 news\n");
        Files.writeString(pkg.resolve("ca01"), "\tThe/at jury/nn said/vbd ./.\n");
        Path dir = tmp.resolve("out");

        int code = run("data", "brown", pkg.toString(), "--out", dir.toString(), "--tokenizer", TOKENIZER);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(dir.resolve("brown-train.jsonl")).exists();
        assertThat(dir.resolve("brown-heldout.jsonl")).exists(); // empty: one document is at position 0
        assertThat(out.toString()).contains("brown-train.jsonl: 1 documents, 4 words");
    }

    @Test
    void missingPackageExitsTwoNamingIt() {
        Path missing = tmp.resolve("no-such-package");
        assertThat(run("data", "tokenizer", missing.toString(), "--out", tmp.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains(missing.toString()).doesNotContain("Exception");
    }

    @Test
    void missingTokenizerExitsTwo() throws IOException {
        Path pkg = Files.createDirectories(tmp.resolve("pkg"));
        Files.writeString(pkg.resolve("cats.txt"), "ca01 news\n");
        Files.writeString(pkg.resolve("ca01"), "\tThe/at jury/nn ./.\n");
        int code = run("data", "brown", pkg.toString(), "--out", tmp.resolve("o").toString(),
                "--tokenizer", tmp.resolve("none.json").toString());
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("none.json");
    }

    @Test
    void missingOutOptionIsAUsageError() {
        assertThat(run("data", "tokenizer", tmp.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--out");
    }
}
