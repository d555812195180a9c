package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

/** tokenizer.json generation on a hand-made six-token vocabulary, and its refusals. */
class Gpt2TokenizerFilesTest {
    // "Ġ" is the byte-level stand-in for the space byte.
    private static final String TINY_ENCODER =
            "{\"h\": 0, \"i\": 1, \"\\u0120\": 2, \"hi\": 3, \"\\u0120hi\": 4, \"<|endoftext|>\": 5}";
    private static final String TINY_MERGES = "#version: 0.2\nh i\n\u0120 hi\n";

    @TempDir
    Path tmp;

    private Path pkg(String encoderJson, String vocabBpe) throws IOException {
        Path p = Files.createDirectories(tmp.resolve("pkg"));
        Files.writeString(p.resolve("encoder.json"), encoderJson, StandardCharsets.UTF_8);
        Files.writeString(p.resolve("vocab.bpe"), vocabBpe, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void tinyVocabularyTokenizesByItsMergesThroughDjl() throws IOException {
        Path out = tmp.resolve("out");
        Path written = Gpt2TokenizerFiles.write(pkg(TINY_ENCODER, TINY_MERGES), out);

        try (CorpusTokenizer t = CorpusTokenizer.open(written)) {
            // "hi" -> h+i (rank 0) = 3; " hi" -> Ġ,h,i -> Ġ,hi -> Ġhi (rank 1) = 4.
            assertThat(t.encode("hi hi").ids()).containsExactly(3, 4);
            assertThat(t.encode("hi<|endoftext|> hi").ids()).containsExactly(3, 5, 4);
            assertThat(t.decode(new int[] {4, 3, 5})).isEqualTo(" hihi<|endoftext|>");
        }
        assertThat(out.resolve("tokenizer_config.json")).exists();
    }

    @Test
    void layoutMatchesTheHuggingFaceGpt2File() throws IOException {
        Path written = Gpt2TokenizerFiles.write(pkg(TINY_ENCODER, TINY_MERGES), tmp.resolve("out"));
        JsonNode j = new ObjectMapper().readTree(written.toFile());

        assertThat(j.get("added_tokens")).hasSize(1);
        assertThat(j.at("/added_tokens/0/id").asInt()).isEqualTo(5);
        assertThat(j.at("/added_tokens/0/content").asText()).isEqualTo("<|endoftext|>");
        assertThat(j.at("/added_tokens/0/special").asBoolean()).isTrue();
        assertThat(j.at("/pre_tokenizer/type").asText()).isEqualTo("ByteLevel");
        assertThat(j.at("/pre_tokenizer/add_prefix_space").asBoolean()).isFalse();
        assertThat(j.at("/pre_tokenizer/use_regex").asBoolean()).isTrue();
        assertThat(j.at("/post_processor/type").asText()).isEqualTo("ByteLevel");
        assertThat(j.at("/decoder/type").asText()).isEqualTo("ByteLevel");
        assertThat(j.at("/model/type").asText()).isEqualTo("BPE");
        List<String> vocabOrder = new ArrayList<>();
        j.at("/model/vocab").fieldNames().forEachRemaining(vocabOrder::add);
        assertThat(vocabOrder).containsExactly("h", "i", "\u0120", "hi", "\u0120hi", "<|endoftext|>");
        assertThat(j.at("/model/merges")).extracting(JsonNode::asText).containsExactly("h i", "\u0120 hi");
    }

    @Test
    void committedTokenizerHasGpt2sFullVocabularyAndMerges() throws IOException {
        JsonNode j = new ObjectMapper().readTree(Gpt2GoldenTokenizerTest.COMMITTED_TOKENIZER.toFile());
        assertThat(j.at("/model/vocab").size()).isEqualTo(50257);
        assertThat(j.at("/model/merges").size()).isEqualTo(50000);
        assertThat(j.at("/model/vocab/<|endoftext|>").asInt()).isEqualTo(50256);
    }

    @Test
    void refusesAMissingPackage() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> Gpt2TokenizerFiles.write(missing, tmp.resolve("out")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void refusesIdsWithAGap() throws IOException {
        Path p = pkg("{\"h\": 0, \"i\": 2, \"<|endoftext|>\": 3}", "#version: 0.2\n");
        assertBad(p, "encoder.json", "ids are not exactly 0..2");
    }

    @Test
    void refusesInvalidJson() throws IOException {
        assertBad(pkg("{\"h\": 0,", TINY_MERGES), "encoder.json", "invalid JSON");
    }

    @Test
    void refusesAVocabularyWithoutEndOfText() throws IOException {
        assertBad(pkg("{\"h\": 0, \"i\": 1, \"hi\": 2}", "#version: 0.2\nh i\n"), "encoder.json", "<|endoftext|>");
    }

    @Test
    void refusesAMergeOfUnknownSymbolsNamingItsLine() throws IOException {
        assertBad(pkg(TINY_ENCODER, "#version: 0.2\nh i\nx hi\n"), "vocab.bpe", "line 3: \"x\" is not in encoder.json");
    }

    @Test
    void refusesMergesWithoutVersionHeader() throws IOException {
        assertBad(pkg(TINY_ENCODER, "h i\n"), "vocab.bpe", "line 1");
    }

    @Test
    void refusesAMalformedMergeLine() throws IOException {
        assertBad(pkg(TINY_ENCODER, "#version: 0.2\nh  i\n"), "vocab.bpe", "line 2: expected two symbols");
    }

    private void assertBad(Path pkg, String file, String problem) {
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> Gpt2TokenizerFiles.write(pkg, out))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file)
                .hasMessageContaining(problem);
        assertThat(out.resolve("tokenizer.json")).doesNotExist();
    }
}
