package org.saescope.app.catalog;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Readable names for the concept keys of a feature index ({@code pos:vbd}, {@code genre:news}):
 * "past-tense verb (vbd)", "genre: news". The one table of Brown tag names; the suggestion lists
 * show these names and adopting a suggestion writes them as the label. The table is the one in
 * docs/formats/brown-corpus.md ("Tag names"), over the coarse tags the index uses.
 */
public final class ConceptNames {
    /** Coarse Brown tag → name, after the Brown Corpus Manual's tag list. */
    private static final Map<String, String> POS = Stream.of(new String[][] {
            {".", "sentence-ending punctuation"},
            {",", "comma"},
            {":", "colon"},
            {"(", "opening bracket"},
            {")", "closing bracket"},
            {"--", "dash"},
            {"``", "opening quote"},
            {"''", "closing quote"},
            {"'", "single quote"},
            {"*", "negation not"},
            {"abl", "pre-qualifier"},
            {"abn", "pre-quantifier"},
            {"abx", "pre-quantifier both"},
            {"ap", "post-determiner"},
            {"at", "article"},
            {"be", "be"},
            {"bed", "were"},
            {"bedz", "was"},
            {"beg", "being"},
            {"bem", "am"},
            {"ben", "been"},
            {"ber", "are"},
            {"bez", "is"},
            {"cc", "coordinating conjunction"},
            {"cd", "cardinal number"},
            {"cs", "subordinating conjunction"},
            {"do", "do"},
            {"dod", "did"},
            {"doz", "does"},
            {"dt", "singular determiner"},
            {"dti", "singular or plural determiner"},
            {"dts", "plural determiner"},
            {"dtx", "determiner either or neither"},
            {"ex", "existential there"},
            {"fw", "foreign word"},
            {"hv", "have"},
            {"hvd", "past-tense had"},
            {"hvg", "having"},
            {"hvn", "past-participle had"},
            {"hvz", "has"},
            {"in", "preposition"},
            {"jj", "adjective"},
            {"jjr", "comparative adjective"},
            {"jjs", "semantically superlative adjective"},
            {"jjt", "superlative adjective"},
            {"md", "modal auxiliary"},
            {"nn", "singular or mass noun"},
            {"nns", "plural noun"},
            {"np", "proper noun"},
            {"nps", "plural proper noun"},
            {"nr", "adverbial noun"},
            {"nrs", "plural adverbial noun"},
            {"od", "ordinal number"},
            {"pn", "nominal pronoun"},
            {"pp$", "possessive pronoun"},
            {"pp$$", "nominal possessive pronoun"},
            {"ppl", "singular reflexive pronoun"},
            {"ppls", "plural reflexive pronoun"},
            {"ppo", "object pronoun"},
            {"pps", "third-person singular subject pronoun"},
            {"ppss", "other subject pronoun"},
            {"ql", "qualifier"},
            {"qlp", "post-qualifier"},
            {"rb", "adverb"},
            {"rbr", "comparative adverb"},
            {"rbt", "superlative adverb"},
            {"rn", "nominal adverb"},
            {"rp", "adverb or particle"},
            {"to", "infinitive to"},
            {"uh", "interjection"},
            {"vb", "base-form verb"},
            {"vbd", "past-tense verb"},
            {"vbg", "present participle or gerund"},
            {"vbn", "past participle"},
            {"vbz", "third-person singular present verb"},
            {"wdt", "wh- determiner"},
            {"wp$", "possessive wh- pronoun"},
            {"wpo", "object wh- pronoun"},
            {"wps", "subject wh- pronoun"},
            {"wql", "wh- qualifier"},
            {"wrb", "wh- adverb"},
    }).collect(Collectors.toUnmodifiableMap(r -> r[0], r -> r[1]));

    private ConceptNames() {
    }

    /** Every coarse tag with a name, and its name. */
    public static Map<String, String> posNames() {
        return POS;
    }

    /**
     * The readable name of a concept key: {@code pos:TAG} → "NAME (TAG)", a compound contraction
     * tag part by part ({@code pos:pps+bez} → "third-person singular subject pronoun + is
     * (pps+bez)"); {@code genre:G} → "genre: G" with underscores as spaces. A key of another kind,
     * or a tag the table lacks, is returned unchanged: better raw than wrong.
     */
    public static String readable(String key) {
        if (key.startsWith("genre:") && key.length() > "genre:".length()) {
            return "genre: " + key.substring("genre:".length()).replace('_', ' ');
        }
        if (key.startsWith("pos:") && key.length() > "pos:".length()) {
            String tag = key.substring("pos:".length());
            String[] parts = tag.split("\\+", -1);
            StringBuilder name = new StringBuilder();
            for (String part : parts) {
                String n = POS.get(part);
                if (n == null) {
                    return key;
                }
                name.append(name.length() == 0 ? "" : " + ").append(n);
            }
            return name + " (" + tag + ")";
        }
        return key;
    }
}
