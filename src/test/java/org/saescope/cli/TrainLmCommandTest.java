package org.saescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.ModelLoader;

/** {@code saescope train lm} end to end on a tiny prepared corpus with the tiny GPT-2 tokenizer (vocabulary 291). */
class TrainLmCommandTest {
    /** A prepared-corpus file (docs/formats/brown-corpus.md) of {@code docs} documents of random token ids below 290. */
    static Path corpus(Path dir, String name, int docs, int maxId) throws IOException {
        Random r = new Random(name.hashCode());
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < docs; d++) {
            StringBuilder tokens = new StringBuilder();
            StringBuilder words = new StringBuilder();
            for (int t = 0; t < 60; t++) {
                tokens.append(t == 0 ? "" : ",").append(t % 3 == 0 ? r.nextInt(maxId) : 40 + t % 7);
                words.append(t == 0 ? "" : ",").append(t);
            }
            sb.append("{\"id\":\"d").append(d).append("\",\"genre\":\"news\",\"text\":\"x\",\"tokens\":[").append(tokens)
                    .append("],\"token_word\":[").append(words).append("],\"word_tags\":[")
                    .append("\"nn\",".repeat(59)).append("\"nn\"]}\n");
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    private static CliRun train(Path dir, Path train, Path held, Path out) throws Exception {
        Path tokenizer = Path.of(TrainLmCommandTest.class.getResource("/lm/gpt2-tiny/tokenizer.json").toURI());
        return CliRun.of("train", "lm", "--corpus", train.toString(), "--heldout", held.toString(), "--tokenizer",
                tokenizer.toString(), "--out", out.toString(), "--checkpoint-dir", dir.resolve("ckpt").toString(),
                "--vocab", "291", "--layers", "1", "--d-model", "16", "--heads", "2", "--context", "8", "--batch", "2",
                "--steps", "4", "--warmup", "1", "--log-every", "1", "--checkpoint-every", "2", "--min-token-count", "2");
    }

    @Test
    void trainsWritesTheFolderAndReportsBaselines(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model");
        CliRun run = train(dir, corpus(dir, "train.jsonl", 8, 290), corpus(dir, "held.jsonl", 2, 290), out);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("step 4/4").contains("tokens/s").contains("unigram(add-1)").contains("bigram(KN)");
        assertThat(out.resolve("config.json")).exists();
        assertThat(out.resolve("tokenizer.json")).exists();
        List<String> csv = Files.readAllLines(out.resolve("training.csv"));
        assertThat(csv.get(0)).isEqualTo("step,tokens,loss,lr,tokens_per_second");
        assertThat(csv).hasSize(5);
        try (LanguageModel lm = ModelLoader.load(out)) {
            assertThat(lm.config().vocabSize()).isEqualTo(291);
            assertThat(lm.config().eosTokenId()).isEqualTo(290);
        }

        // run again: it finds the finished checkpoint, trains nothing more and keeps the curve
        CliRun again = train(dir, dir.resolve("train.jsonl"), dir.resolve("held.jsonl"), out);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("resumed from the checkpoint at step 4");
        assertThat(Files.readAllLines(out.resolve("training.csv"))).isEqualTo(csv);
    }

    @Test
    void missingCorpusIsBadInputAndWritesNothing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model");
        CliRun run = train(dir, dir.resolve("absent.jsonl"), corpus(dir, "held.jsonl", 2, 290), out);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("absent.jsonl");
        assertThat(out).doesNotExist();
    }

    @Test
    void tokenOutsideTheVocabularyIsBadInput(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model");
        Path train = corpus(dir, "train.jsonl", 3, 290);
        Files.writeString(train, Files.readString(train).replaceFirst("\"tokens\":\\[\\d+", "\"tokens\":[5000"));
        CliRun run = train(dir, train, corpus(dir, "held.jsonl", 2, 290), out);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("train.jsonl").contains("5000").contains("291");
        assertThat(out).doesNotExist();
    }
}
