package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries on a synthetic index of 24,576 features: right answers, and plans that use the indexes
 * (checked with EXPLAIN QUERY PLAN). Timings are printed for the README, never asserted.
 */
class FeatureQueryTest {
    static final int N = 24_576;

    @TempDir
    Path tmp;

    @Test
    void queriesAreRightAndUseIndexes() throws Exception {
        Path file = tmp.resolve("synthetic.sqlite");
        SplittableRandom r = new SplittableRandom(5);
        double[] density = new double[N];
        try (Connection db = IndexSchema.connect(file)) {
            db.setAutoCommit(false);
            IndexSchema.create(db);
            try (PreparedStatement m = db.prepareStatement("INSERT INTO meta (key, value) VALUES (?,?)")) {
                for (String[] kv : new String[][] {{"format", IndexSchema.FORMAT}, {"schema_version", "1"}, {"state", "complete"},
                    {"d_sae", Integer.toString(N)}, {"sae_sha256", "00".repeat(32)}, {"tokens_done", "1000000"}}) {
                    m.setString(1, kv[0]);
                    m.setString(2, kv[1]);
                    m.executeUpdate();
                }
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO feature (id, fire_count, density, max_act, mean_act, histogram) VALUES (?,?,?,?,?,'[]')")) {
                for (int f = 0; f < N; f++) {
                    density[f] = Math.pow(10, -6 + 5 * r.nextDouble());
                    ps.setInt(1, f);
                    ps.setLong(2, Math.round(density[f] * 1e6));
                    ps.setDouble(3, density[f]);
                    ps.setDouble(4, 10 * r.nextDouble());
                    ps.setDouble(5, r.nextDouble());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement t = db.prepareStatement("INSERT INTO token (id, text) VALUES (?,?)");
                 PreparedStatement tf = db.prepareStatement("INSERT INTO token_feature (token, rank, feature, count, mean_act) VALUES (?,?,?,?,?)")) {
                for (int tok = 0; tok < 5000; tok++) {
                    t.setInt(1, tok);
                    t.setString(2, " w" + tok);
                    t.addBatch();
                    for (int k = 0; k < 20; k++) {
                        tf.setInt(1, tok);
                        tf.setInt(2, k);
                        tf.setInt(3, (tok * 31 + k * 977) % N);
                        tf.setInt(4, 100 - k);
                        tf.setDouble(5, 1.0);
                        tf.addBatch();
                    }
                }
                t.executeBatch();
                tf.executeBatch();
            }
            db.commit();
        }
        try (FeatureIndex idx = FeatureIndex.open(file)) {
            // answers
            List<FeatureIndex.Summary> dense = idx.list(1e-3, 1.0, FeatureIndex.Stat.MAX_ACT, true, 50, 0);
            assertThat(dense).hasSize(50).allSatisfy(s -> assertThat(s.density()).isBetween(1e-3, 1.0));
            for (int i = 1; i < dense.size(); i++) {
                assertThat(dense.get(i).maxAct()).isLessThanOrEqualTo(dense.get(i - 1).maxAct());
            }
            long expected = java.util.Arrays.stream(density).filter(d -> d >= 1e-3 && d <= 1.0).count();
            assertThat(idx.list(1e-3, 1.0, FeatureIndex.Stat.ID, false, N, 0)).hasSize((int) expected);
            assertThat(idx.summary(12345).density()).isEqualTo(density[12345]);
            List<FeatureIndex.TokenFeature> tf = idx.featuresForToken(" w42");
            assertThat(tf).hasSize(20);
            assertThat(tf.get(0).feature()).isEqualTo((42 * 31) % N);

            // plans
            for (FeatureIndex.Stat s : FeatureIndex.Stat.values()) {
                String plan = String.join("; ", idx.queryPlan(FeatureIndex.listSql(s, true), 1e-3, 1.0, 50, 0));
                assertThat(plan).as("sort by %s", s).doesNotContain("SCAN feature;").matches(".*(USING INDEX|USING INTEGER PRIMARY KEY|USING COVERING INDEX).*");
            }
            assertThat(String.join("; ", idx.queryPlan("SELECT id FROM feature WHERE id = ?", 5))).contains("INTEGER PRIMARY KEY");
            assertThat(String.join("; ", idx.queryPlan(FeatureIndex.TOKEN_SQL, " w42"))).contains("INDEX token_text").contains("PRIMARY KEY");

            // timings (printed, not asserted)
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                idx.summary(i * 200);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                idx.list(1e-4, 1e-2, FeatureIndex.Stat.values()[i % 5], i % 2 == 0, 100, 0);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                idx.featuresForToken(" w" + i * 7);
            }
            long t3 = System.nanoTime();
            System.out.printf("synthetic %d features: by id %.3f ms, filtered+sorted page of 100 %.3f ms, token lookup %.3f ms%n",
                    N, (t1 - t0) / 1e6 / 100, (t2 - t1) / 1e6 / 20, (t3 - t2) / 1e6 / 100);
        }
    }
}
