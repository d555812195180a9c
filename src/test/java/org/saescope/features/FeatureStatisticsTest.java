package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage 2 against numpy (src/test/python/features_reference.py) on synthetic stored windows. */
class FeatureStatisticsTest {
    @TempDir
    Path tmp;

    @Test
    void statisticsMatchTheNumpyReference() throws Exception {
        JsonNode ref = StatsReference.get().get("stats");
        int dSae = ref.get("d_sae").asInt();
        IndexSettings s = IndexSettings.DEFAULT.withTopN(ref.get("top_n").asInt()).withQuantiles(ref.get("bands").asInt(), 2);
        s = new IndexSettings(s.context(), s.topN(), s.quantileBands(), s.perBand(), ref.get("bins").asInt(), 7L, s.blockTokens());
        try (Connection db = IndexSchema.connect(tmp.resolve("i.sqlite"))) {
            db.setAutoCommit(false);
            IndexSchema.create(db);
            load(db, ref);
            new FeatureStatistics(db, dSae, s, null).computeAndWrite();
            db.commit();

            for (int f = 0; f < dSae; f++) {
                JsonNode e = ref.get("features").get(f);
                try (ResultSet rs = q(db, "SELECT fire_count, density, max_act, mean_act, histogram FROM feature WHERE id = ?", f)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).as("fire_count %d", f).isEqualTo(e.get("fire_count").asLong());
                    assertThat(rs.getDouble(2)).as("density").isCloseTo(e.get("density").asDouble(), within(1e-12));
                    assertThat(rs.getDouble(3)).as("max").isEqualTo(e.get("max_act").asDouble());
                    assertThat(rs.getDouble(4)).as("mean").isCloseTo(e.get("mean_act").asDouble(), within(1e-9));
                    assertThat(rs.getString(5)).as("histogram").isEqualTo(e.get("histogram").toString());
                }
                List<Long> bandCounts = new ArrayList<>();
                try (ResultSet rs = q(db, "SELECT count FROM band WHERE feature = ? ORDER BY band", f)) {
                    while (rs.next()) {
                        bandCounts.add(rs.getLong(1));
                    }
                }
                List<Long> expBands = new ArrayList<>();
                e.get("band_counts").forEach(n -> expBands.add(n.asLong()));
                assertThat(bandCounts).as("band counts %d", f).isEqualTo(expBands);

                List<String> top = new ArrayList<>();
                try (ResultSet rs = q(db, "SELECT window, pos, act FROM example WHERE feature = ? AND band = -1 ORDER BY rank", f)) {
                    while (rs.next()) {
                        top.add(rs.getInt(1) + "/" + rs.getInt(2) + "/" + (float) rs.getDouble(3));
                    }
                }
                List<String> expTop = new ArrayList<>();
                e.get("top").forEach(n -> expTop.add(n.get(0).asInt() + "/" + n.get(1).asInt() + "/" + (float) n.get(2).asDouble()));
                assertThat(top).as("top examples %d", f).isEqualTo(expTop);

                List<String> concepts = new ArrayList<>();
                try (ResultSet rs = q(db, "SELECT concept, tp, precision, recall, f1 FROM concept_match WHERE feature = ? ORDER BY rank", f)) {
                    while (rs.next()) {
                        concepts.add(rs.getInt(1) + ":" + rs.getInt(2) + String.format(":%.9f:%.9f:%.9f", rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)));
                    }
                }
                List<String> expConcepts = new ArrayList<>();
                e.get("concepts").forEach(n -> expConcepts.add(n.get("concept").asInt() + ":" + n.get("tp").asInt()
                        + String.format(":%.9f:%.9f:%.9f", n.get("precision").asDouble(), n.get("recall").asDouble(), n.get("f1").asDouble())));
                assertThat(concepts).as("concepts %d", f).isEqualTo(expConcepts);
            }
            ref.get("token_features").fields().forEachRemaining(en -> {
                List<String> got = new ArrayList<>();
                try (ResultSet rs = q(db, "SELECT feature, count, mean_act FROM token_feature WHERE token = ? ORDER BY rank",
                        Integer.parseInt(en.getKey()))) {
                    while (rs.next()) {
                        got.add(rs.getInt(1) + ":" + rs.getInt(2) + String.format(":%.6f", rs.getDouble(3)));
                    }
                } catch (SQLException x) {
                    throw new IllegalStateException(x);
                }
                List<String> exp = new ArrayList<>();
                en.getValue().forEach(n -> exp.add(n.get(0).asInt() + ":" + n.get(1).asInt() + String.format(":%.6f", n.get(2).asDouble())));
                assertThat(got).as("token %s", en.getKey()).isEqualTo(exp);
            });
        }
    }

    @Test
    void quantileExamplesLieInTheirBandAndAreWholeWindows() throws Exception {
        JsonNode ref = StatsReference.get().get("stats");
        int dSae = ref.get("d_sae").asInt();
        IndexSettings s = new IndexSettings(64, 3, 3, 2, 4, 11L, 4096);
        try (Connection db = IndexSchema.connect(tmp.resolve("q.sqlite"))) {
            db.setAutoCommit(false);
            IndexSchema.create(db);
            load(db, ref);
            new FeatureStatistics(db, dSae, s, null).computeAndWrite();
            db.commit();
            try (ResultSet rs = q(db, "SELECT e.feature, e.band, e.act, e.window, e.pos, e.acts, b.lo, b.hi, b.count, f.max_act"
                    + " FROM example e JOIN band b ON b.feature = e.feature AND b.band = e.band JOIN feature f ON f.id = e.feature"
                    + " WHERE e.band >= 0")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                    double act = rs.getDouble(3);
                    boolean last = rs.getInt(2) == 2;
                    assertThat(act).isGreaterThanOrEqualTo(rs.getDouble(7) - 1e-6);
                    assertThat(act < rs.getDouble(8) || (last && act == rs.getDouble(10))).isTrue();
                    JsonNode w = ref.get("windows").get(rs.getInt(4));
                    float[] acts = Blobs.denseActs(rs.getBytes(6), w.get("tokens").size());
                    for (int t = 0; t < acts.length; t++) {
                        assertThat(acts[t]).isEqualTo((float) w.get("acts").get(t).get(rs.getInt(1)).asDouble());
                    }
                    assertThat(acts[rs.getInt(5)]).isEqualTo((float) act);
                }
                assertThat(n).isPositive();
            }
        }
    }

    /**
     * The passes split the features over threads (and a dense SAE's pairs over dense rows and a
     * hash table), and read the windows from memory or from SQLite; every way must write the same
     * rows as one thread does.
     */
    @Test
    void rowsDoNotDependOnTheNumberOfThreads() throws Exception {
        JsonNode ref = StatsReference.get().get("stats");
        int dSae = ref.get("d_sae").asInt();
        IndexSettings s = new IndexSettings(64, 3, 3, 2, 4, 11L, 4096);
        List<String> single = null;
        // The last run also keeps no decoded windows in memory, so every pass reads SQLite again.
        int[] runs = {1, 2, 3, dSae + 1, 2};
        for (int run = 0; run < runs.length; run++) {
            int threads = runs[run];
            try (Connection db = IndexSchema.connect(tmp.resolve("t" + run + ".sqlite"))) {
                db.setAutoCommit(false);
                IndexSchema.create(db);
                load(db, ref);
                FeatureStatistics stats = new FeatureStatistics(db, dSae, s, null, threads);
                if (run == runs.length - 1) {
                    stats.cacheEntries = 10;
                }
                stats.computeAndWrite();
                db.commit();
                List<String> rows = new ArrayList<>();
                for (String sql : List.of("SELECT * FROM feature ORDER BY id", "SELECT * FROM band ORDER BY feature, band",
                        "SELECT feature, band, rank, act, window, pos, hex(acts) FROM example ORDER BY feature, band, rank",
                        "SELECT * FROM concept_match ORDER BY feature, rank", "SELECT * FROM token_feature ORDER BY token, rank",
                        "SELECT * FROM concept ORDER BY id")) {
                    try (ResultSet rs = q(db, sql)) {
                        int cols = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            StringBuilder b = new StringBuilder(sql.substring(14, 22));
                            for (int c = 1; c <= cols; c++) {
                                b.append('|').append(rs.getString(c));
                            }
                            rows.add(b.toString());
                        }
                    }
                }
                assertThat(rows).isNotEmpty();
                if (single == null) {
                    single = rows;
                } else {
                    assertThat(rows).as("%d threads", threads).isEqualTo(single);
                }
            }
        }
    }

    /** Inserts the reference's windows, codes and concepts as stage 1 would. */
    static void load(Connection db, JsonNode ref) throws SQLException {
        int nPos = ref.get("n_pos").asInt();
        try (PreparedStatement c = db.prepareStatement("INSERT INTO concept (id, name, kind) VALUES (?,?,?)")) {
            for (int i = 0; i < nPos + 2; i++) {
                c.setInt(1, i);
                c.setString(2, i < nPos ? "pos:p" + i : "genre:g" + i);
                c.setString(3, i < nPos ? "pos" : "genre");
                c.executeUpdate();
            }
        }
        int id = 0;
        for (JsonNode w : ref.get("windows")) {
            int n = w.get("tokens").size();
            int[] tokens = new int[n];
            int[] concepts = new int[n];
            int[] rowStart = new int[n + 1];
            List<Integer> idx = new ArrayList<>();
            List<Float> val = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                tokens[t] = w.get("tokens").get(t).asInt();
                concepts[t] = w.get("concepts").get(t).asInt();
                JsonNode row = w.get("acts").get(t);
                for (int f = 0; f < row.size(); f++) {
                    float a = (float) row.get(f).asDouble();
                    if (a != 0) {
                        idx.add(f);
                        val.add(a);
                    }
                }
                rowStart[t + 1] = idx.size();
            }
            float[] v = new float[val.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = val.get(i);
            }
            var codes = new org.saescope.sae.SparseCodes(rowStart, idx.stream().mapToInt(Integer::intValue).toArray(), v);
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO window (id, doc, part, genre, tokens, concepts) VALUES (?,?,?,?,?,?)");
                 PreparedStatement pc = db.prepareStatement("INSERT INTO window_codes (window, codes) VALUES (?,?)")) {
                ps.setInt(1, id);
                ps.setInt(2, id);
                ps.setInt(3, 0);
                ps.setString(4, "g" + w.get("genre").asInt());
                ps.setBytes(5, Blobs.ints(tokens));
                ps.setBytes(6, Blobs.shorts(concepts));
                ps.executeUpdate();
                pc.setInt(1, id);
                pc.setBytes(2, Blobs.codes(codes, 0, n));
                pc.executeUpdate();
            }
            id++;
        }
    }

    private static ResultSet q(Connection db, String sql, Object... params) throws SQLException {
        PreparedStatement ps = db.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        ps.closeOnCompletion();
        return ps.executeQuery();
    }
}
