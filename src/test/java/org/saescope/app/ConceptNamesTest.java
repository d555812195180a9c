package org.saescope.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.saescope.app.browser.FeatureDashboardViewModel;
import org.saescope.app.catalog.ConceptNames;
import org.saescope.app.catalog.FeatureDetail;
import org.saescope.app.triage.TriageViewModel;
import org.saescope.lm.corpus.PreparedCorpus;
import org.saescope.lm.corpus.PreparedDocument;

/**
 * Concept keys of the feature index under readable names: the examples the brief and the format
 * document give, the table against the one in docs/formats/brown-corpus.md, and every tag and
 * genre of the committed held-out corpus named.
 */
class ConceptNamesTest {
    private static final Path BROWN_DOC = Path.of("docs/formats/brown-corpus.md");
    private static final Path HELDOUT = Path.of("assets/corpus/brown-heldout.jsonl");

    @Test
    void posAndGenreKeysReadAsNamesWithTheTagKept() {
        assertThat(ConceptNames.readable("pos:vbd")).isEqualTo("past-tense verb (vbd)");
        assertThat(ConceptNames.readable("pos:nns")).isEqualTo("plural noun (nns)");
        assertThat(ConceptNames.readable("pos:pp$")).isEqualTo("possessive pronoun (pp$)");
        assertThat(ConceptNames.readable("pos:``")).isEqualTo("opening quote (``)");
        assertThat(ConceptNames.readable("pos:bedz")).isEqualTo("was (bedz)");
        assertThat(ConceptNames.readable("genre:news")).isEqualTo("genre: news");
        assertThat(ConceptNames.readable("genre:science_fiction")).isEqualTo("genre: science fiction");
        assertThat(ConceptNames.readable("genre:belles_lettres")).isEqualTo("genre: belles lettres");
    }

    @Test
    void aCompoundTagIsNamedPartByPart() {
        assertThat(ConceptNames.readable("pos:pps+bez")).isEqualTo("third-person singular subject pronoun + is (pps+bez)");
        assertThat(ConceptNames.readable("pos:ppss+md")).isEqualTo("other subject pronoun + modal auxiliary (ppss+md)");
    }

    @Test
    void whatTheTableDoesNotKnowStaysRaw() {
        assertThat(ConceptNames.readable("pos:nil")).isEqualTo("pos:nil");
        assertThat(ConceptNames.readable("pos:pps+xyz")).isEqualTo("pos:pps+xyz"); // never half a name
        assertThat(ConceptNames.readable("pos:")).isEqualTo("pos:");
        assertThat(ConceptNames.readable("genre:")).isEqualTo("genre:");
        assertThat(ConceptNames.readable("concept B of 3")).isEqualTo("concept B of 3");
        assertThat(ConceptNames.readable("topic:vbd")).isEqualTo("topic:vbd");
    }

    @Test
    void theTableIsTheOneTheFormatDocumentGives() throws IOException {
        assertThat(documentedNames()).isEqualTo(ConceptNames.posNames());
    }

    /** The "Tag names" table of brown-corpus.md: rows of (tag, name) pairs, tags in backticks. */
    private static Map<String, String> documentedNames() throws IOException {
        List<String> lines = Files.readAllLines(BROWN_DOC);
        int start = lines.indexOf("### Tag names");
        assertThat(start).as("the Tag names section").isNotNegative();
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            for (int i = 0; i + 1 < cells.length; i += 2) {
                String tag = cells[i].strip();
                if (tag.isEmpty()) {
                    continue;
                }
                tag = tag.startsWith("`` ") ? tag.substring(3, tag.length() - 3) : tag.substring(1, tag.length() - 1);
                assertThat(out.put(tag, cells[i + 1].strip())).as("tag %s listed once", tag).isNull();
            }
        }
        return out;
    }

    @Test
    void everyCoarseTagAndGenreOfTheHeldOutCorpusHasAName() {
        TreeSet<String> tags = new TreeSet<>();
        TreeSet<String> genres = new TreeSet<>();
        for (PreparedDocument d : PreparedCorpus.readAll(HELDOUT)) {
            genres.add(d.genre());
            for (String t : d.coarseTags()) {
                if (t != null) {
                    tags.add(t);
                }
            }
        }
        assertThat(tags).hasSizeGreaterThan(80).contains("pps+bez", "vbd", "``");
        for (String t : tags) {
            String name = ConceptNames.readable("pos:" + t);
            assertThat(name).as("pos:%s", t).isNotEqualTo("pos:" + t).endsWith(" (" + t + ")");
        }
        assertThat(genres).hasSize(15);
        for (String g : genres) {
            assertThat(ConceptNames.readable("genre:" + g)).as("genre:%s", g).startsWith("genre: ").doesNotContain("_");
        }
    }

    @Test
    void bothSuggestionListsShowTheNameAdoptionWrites() {
        FeatureDetail.ConceptMatch vbd = new FeatureDetail.ConceptMatch("pos:vbd", 0.62, 0.4, 0.486);
        assertThat(vbd.asLabel()).isEqualTo("past-tense verb (vbd)");
        assertThat(FeatureDashboardViewModel.suggestionText(0, vbd))
                .isEqualTo("1. past-tense verb (vbd) — precision 0.62, recall 0.40, F1 0.49");
        assertThat(TriageViewModel.suggestionText(2, new FeatureDetail.ConceptMatch("genre:news", 0.3, 0.25, 0.27)))
                .isEqualTo("3  genre: news   (P 0.30, R 0.25)");
    }
}
