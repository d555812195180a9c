package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.saescope.tensor.BadInputException;

class LabelStoreTest {
    private static final String SAE = "ab12".repeat(16);
    private static final String OTHER = "cd34".repeat(16);

    @TempDir
    Path tmp;

    @Test
    void labelsAreKeyedBySaeAndKeepTheirHistory() {
        try (LabelStore s = LabelStore.open(tmp.resolve("d/labels.sqlite"))) {
            s.set(SAE, 3, "past-tense verbs", List.of("pos", "verb"), "", "ana");
            s.set(SAE, 3, "past-tense verbs after pronouns", List.of("pos"), "see doc 4", "ben");
            s.set(OTHER, 3, "something else", List.of(), "", "ana");
            Label cur = s.get(SAE, 3).orElseThrow();
            assertThat(cur.label()).isEqualTo("past-tense verbs after pronouns");
            assertThat(cur.tags()).containsExactly("pos");
            assertThat(cur.author()).isEqualTo("ben");
            assertThat(s.history(SAE, 3)).extracting(Label::label).containsExactly("past-tense verbs", "past-tense verbs after pronouns");
            assertThat(s.get(SAE, 4)).isEmpty();
            assertThat(s.get(OTHER, 3).orElseThrow().label()).isEqualTo("something else");
            assertThat(s.search(SAE, "PRONOUN")).extracting(Label::feature).containsExactly(3);
            assertThat(s.search(SAE, "doc 4")).hasSize(1);
            assertThat(s.search(SAE, "else")).isEmpty();
            assertThat(s.search(SAE, "%")).isEmpty();
        }
    }

    @Test
    void defaultFileFollowsTheOverride() {
        String old = System.getProperty(LabelStore.DIR_PROPERTY);
        try {
            System.setProperty(LabelStore.DIR_PROPERTY, tmp.toString());
            assertThat(LabelStore.defaultFile()).isEqualTo(tmp.resolve("labels.sqlite"));
        } finally {
            if (old == null) {
                System.clearProperty(LabelStore.DIR_PROPERTY);
            } else {
                System.setProperty(LabelStore.DIR_PROPERTY, old);
            }
        }
    }

    @Test
    void aLabelAcknowledgedBeforeKillMinus9IsThere() throws Exception {
        Path file = tmp.resolve("labels.sqlite");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LabelChild.class.getName(), file.toString(), SAE, "17",
                "fires on \"quoted\" words").redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && !line.equals("ACK")) {
                // wait for the acknowledgement
            }
            assertThat(line).isEqualTo("ACK");
            p.destroyForcibly(); // SIGKILL right after the ACK
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (LabelStore s = LabelStore.open(file)) {
            Label l = s.get(SAE, 17).orElseThrow();
            assertThat(l.label()).isEqualTo("fires on \"quoted\" words");
            assertThat(l.tags()).containsExactly("killed");
        }
    }

    @ParameterizedTest
    @EnumSource(LabelExchange.Format.class)
    void exportThenImportRoundTrips(LabelExchange.Format format) {
        List<Label> labels = List.of(
                new Label(SAE, 0, "commas, \"quotes\" and\nnew lines", List.of("a", "b c"), "note, with comma", "ana",
                        Instant.parse("2025-01-02T03:04:05.678Z")),
                new Label(SAE, 24575, "ünïcödé ✓", List.of(), "", "", Instant.parse("2024-12-31T23:59:59Z")));
        Path f = tmp.resolve("labels." + format.name().toLowerCase());
        LabelExchange.write(labels, format, "brown-gpt2", "2-res-topk", f);
        assertThat(LabelExchange.read(f, format, SAE)).isEqualTo(labels);
    }

    @Test
    void importsNeuronpediaExplanationExports() throws Exception {
        Path jsonl = tmp.resolve("batch-0.jsonl");
        Files.writeString(jsonl, """
                {"id":"x1","modelId":"gpt2-small","layer":"6-res-jb","index":"204","description":"time-related phrases","authorId":"np-user","typeName":"oai_token-act-pair","explanationModelName":"gpt-4o-mini","createdAt":"2024-07-01T10:00:00.000Z"}
                {"id":"x2","modelId":"gpt2-small","layer":"6-res-jb","index":27,"description":"","authorId":"np-user"}

                {"id":"x3","modelId":"gpt2-small","layer":"6-res-jb","index":"5","description":"negations"}
                """);
        List<Label> l = LabelExchange.read(jsonl, LabelExchange.Format.JSON, SAE);
        assertThat(l).extracting(Label::feature).containsExactly(204, 5);
        assertThat(l.get(0).label()).isEqualTo("time-related phrases");
        assertThat(l.get(0).author()).isEqualTo("np-user");
        assertThat(l.get(0).time()).isEqualTo(Instant.parse("2024-07-01T10:00:00Z"));

        Path mixed = tmp.resolve("mixed.json");
        Files.writeString(mixed, """
                [{"modelId":"gpt2-small","layer":"6-res-jb","index":"1","description":"a"},
                 {"modelId":"gpt2-small","layer":"7-res-jb","index":"1","description":"b"}]
                """);
        assertThatThrownBy(() -> LabelExchange.read(mixed, LabelExchange.Format.JSON, SAE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("several SAEs").hasMessageContaining("7-res-jb");
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "modelId,layer,index,description\nm,l,seven,x\n");
        assertThatThrownBy(() -> LabelExchange.read(bad, LabelExchange.Format.CSV, SAE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("record 1").hasMessageContaining("seven");
    }
}
