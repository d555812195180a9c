package org.saescope.lm.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed GPT-2 tokenizer.json, run through DJL, against the ids of the reference encoder
 * (npm gpt-3-encoder, see src/test/node/gpt2_golden.js) on texts chosen to hit the pre-tokenizer
 * regex's corners.
 */
class Gpt2GoldenTokenizerTest {
    static final Path COMMITTED_TOKENIZER = Path.of("assets/models/brown-gpt2/tokenizer.json");
    private static CorpusTokenizer tokenizer;

    @BeforeAll
    static void open() {
        tokenizer = CorpusTokenizer.open(COMMITTED_TOKENIZER);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static Stream<Arguments> cases() throws IOException {
        JsonNode golden;
        try (InputStream in = Gpt2GoldenTokenizerTest.class.getResourceAsStream("/tokenizer/gpt2_golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            out.add(Arguments.of(c.get("name").asText(), c.get("text").asText(), ints(c.get("ids")),
                    c.has("hf_ids") ? ints(c.get("hf_ids")) : null));
        }
        return out.stream();
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void idsEqualTheReferenceEncoderAndDecodeBack(String name, String text, int[] referenceIds, int[] hfIds) {
        int[] expected = hfIds != null ? hfIds : referenceIds;
        CorpusTokenizer.Tokens tokens = tokenizer.encode(text);

        assertThat(tokens.ids()).as(name).containsExactly(expected);
        assertThat(tokenizer.decode(tokens.ids())).as(name).isEqualTo(text);
        // The reference's own ids (special token spelled out as plain text) decode to the same text.
        assertThat(tokenizer.decode(referenceIds)).as(name).isEqualTo(text);
    }

    @Test
    void goldenCoversTheCasesTheBriefAsksFor() throws IOException {
        List<String> names = cases().map(a -> (String) a.get()[0]).toList();
        assertThat(names).contains("leading_space", "trailing_space", "multiple_spaces", "newlines",
                "tabs", "numbers", "punctuation", "contractions", "accents", "cjk", "emoji",
                "combining_marks", "eot_inside");
    }

    @Test
    void spansAreJavaCharIndicesEvenAfterAnAstralCharacter() {
        String text = "a \uD83D\uDE00 b"; // "a 😀 b": the emoji is one code point, two Java chars
        CorpusTokenizer.Tokens t = tokenizer.encode(text);
        int last = t.size() - 1;
        assertThat(text.substring(t.starts()[last], t.ends()[last])).isEqualTo(" b");
        assertThat(text.substring(t.starts()[0], t.ends()[0])).isEqualTo("a");
    }

    @Test
    void longTextIsNotTruncated() {
        int[] one = tokenizer.encode(" jury").ids();
        assertThat(one).hasSize(1);
        assertThat(tokenizer.encode(" jury".repeat(3000)).ids()).hasSize(3000).containsOnly(one[0]);
    }
}
