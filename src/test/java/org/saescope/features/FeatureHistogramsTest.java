package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saescope.tensor.BadInputException;

/** {@link FeatureIndex#histograms}: many features' histograms at once, across query blocks. */
class FeatureHistogramsTest {
    static final int N = 1200;

    @TempDir
    Path tmp;

    /** Feature f's stored histogram: [f, f % 7, 3] with max_act f / 10. */
    private Path index() throws Exception {
        Path file = tmp.resolve("h.sqlite");
        try (Connection db = IndexSchema.connect(file)) {
            db.setAutoCommit(false);
            IndexSchema.create(db);
            try (PreparedStatement m = db.prepareStatement("INSERT INTO meta (key, value) VALUES (?,?)")) {
                for (String[] kv : new String[][] {{"format", IndexSchema.FORMAT}, {"schema_version", "1"}, {"state", "complete"},
                    {"d_sae", Integer.toString(N)}, {"sae_sha256", "00".repeat(32)}, {"tokens_done", "1000"}}) {
                    m.setString(1, kv[0]);
                    m.setString(2, kv[1]);
                    m.executeUpdate();
                }
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO feature (id, fire_count, density, max_act, mean_act, histogram) VALUES (?,?,?,?,?,?)")) {
                for (int f = 0; f < N; f++) {
                    ps.setInt(1, f);
                    ps.setLong(2, f + f % 7 + 3);
                    ps.setDouble(3, 0.01);
                    ps.setDouble(4, f / 10.0);
                    ps.setDouble(5, 0.5);
                    ps.setString(6, "[" + f + ", " + (f % 7) + ", 3]");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            db.commit();
        }
        return file;
    }

    @Test
    void everyAskedFeatureComesBackWithItsOwnHistogramAndMax() throws Exception {
        // more ids than one query takes, in no order, with repeats
        int[] ids = new int[N + 100];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 577) % N;
        }
        try (FeatureIndex idx = FeatureIndex.open(index())) {
            Map<Integer, FeatureIndex.StoredHistogram> h = idx.histograms(ids);
            assertThat(h).hasSize(N);
            for (int f = 0; f < N; f++) {
                assertThat(h.get(f).counts()).as("feature %d", f).containsExactly(f, f % 7, 3);
                assertThat(h.get(f).maxAct()).isEqualTo(f / 10.0);
                assertThat(h.get(f).counts()).containsExactly(idx.histogram(f));
            }
            assertThat(idx.histograms(new int[0])).isEmpty();
        }
    }

    @Test
    void anIdOutsideTheIndexIsRefused() throws Exception {
        try (FeatureIndex idx = FeatureIndex.open(index())) {
            assertThatThrownBy(() -> idx.histograms(new int[] {3, N})).isInstanceOf(BadInputException.class)
                    .hasMessageContaining(String.valueOf(N));
        }
    }
}
