package org.saescope.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.saescope.lm.LanguageModel;
import org.saescope.lm.LmFixtures;
import org.saescope.lm.ModelLoader;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeLoader;

/** Small corpora and the gpt2-tiny model + its golden ReLU SAE, for index builds in tests. */
final class IndexFixtures {
    static final String MODEL = "gpt2-tiny";
    private static final String[] WORDS = {"the", "cat", "sat", "on", "mat", "and", "dog", "ran", "a", "big", "red",
        "house", "by", "river", "they", "saw", "it", "was", "cold", "in", "winter", "she", "said", "no"};

    private IndexFixtures() {
    }

    /** A JSONL corpus of {@code docs} documents of random sentences (deterministic). */
    static Path textCorpus(Path dir, int docs, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < docs; d++) {
            StringBuilder text = new StringBuilder();
            int sentences = 1 + r.nextInt(4);
            for (int s = 0; s < sentences; s++) {
                int n = 3 + r.nextInt(8);
                for (int w = 0; w < n; w++) {
                    String word = WORDS[r.nextInt(WORDS.length)];
                    text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
                }
                text.append(r.nextInt(5) == 0 ? ", " : ". ");
            }
            sb.append("{\"text\": \"").append(text.toString().strip()).append("\"}\n");
        }
        Path p = dir.resolve("corpus.jsonl");
        Files.writeString(p, sb);
        return p;
    }

    static Path saeFolder(Path dir) throws IOException {
        return GoldenSaeFolder.write(MODEL, dir.resolve("sae"));
    }

    static LanguageModel model() {
        return ModelLoader.load(LmFixtures.dir(MODEL));
    }

    static FeatureIndexBuilder.Result build(Path corpus, Path sae, Path out, IndexSettings s, BooleanSupplier cancel,
                                            FeatureIndexBuilder.Listener l) {
        try (LanguageModel m = model(); Sae a = SaeLoader.load(sae)) {
            return FeatureIndexBuilder.build(new FeatureIndexBuilder.Sources(m, MODEL, a, "sae", corpus), out, s, cancel, l);
        }
    }

    static IndexSettings small() {
        return new IndexSettings(12, 5, 3, 2, 8, 3L, 48);
    }

    /** Every row of every table, in key order, as text: two indexes with equal dumps hold the same data. */
    static List<String> dump(Path index) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection db = IndexSchema.connect(index); Statement st = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(t);
                        for (int c = 1; c <= md.getColumnCount(); c++) {
                            Object v = rs.getObject(c);
                            row.append('|').append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v));
                        }
                        out.add(row.toString());
                    }
                }
            }
        }
        java.util.Collections.sort(out);
        return out;
    }
}
