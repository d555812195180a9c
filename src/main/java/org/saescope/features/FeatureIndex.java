package org.saescope.features;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.saescope.tensor.BadInputException;
import org.sqlite.SQLiteConfig;

/**
 * A finished feature index, opened read-only, and the queries the app and the CLI ask of it. Every
 * query is one indexed lookup or one index-ordered scan (see docs/formats/feature-index.md), so
 * each answers in milliseconds on tens of thousands of features.
 *
 * <p>Use from one thread at a time (one SQLite connection).
 */
public final class FeatureIndex implements AutoCloseable {
    /** Per-feature statistics that can be sorted and filtered on. */
    public enum Stat {
        ID("id"), DENSITY("density"), FIRE_COUNT("fire_count"), MAX_ACT("max_act"), MEAN_ACT("mean_act");

        final String column;

        Stat(String column) {
            this.column = column;
        }

        /** Parses a user's name for a statistic ("density", "max-act", "max_act"…). */
        public static Stat parse(String name) {
            String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Stat s : values()) {
                if (s.name().equals(n)) {
                    return s;
                }
            }
            throw new BadInputException(null, "unknown statistic \"" + name + "\"; known: id, density, fire_count, max_act, mean_act");
        }
    }

    public record Summary(int id, long fireCount, double density, double maxAct, double meanAct) {
    }

    /** One example: the activation that chose it, its position in its window, and the whole window. */
    public record Example(double act, int pos, int window, List<String> tokens, float[] acts) {
    }

    /** Examples sampled from activations in {@code [lo, hi)} of a feature's range; {@code count} fell there. */
    public record QuantileGroup(int band, double lo, double hi, long count, List<Example> examples) {
    }

    public record TokenValue(int token, String text, double value) {
    }

    public record Neighbour(int id, double cosine) {
    }

    public record ConceptMatch(String concept, String kind, long truePositives, double precision, double recall, double f1) {
    }

    /** Everything the index holds about one feature; the histogram has equal bins over [0, maxAct]. */
    public record Details(Summary summary, long[] histogram, List<Example> topExamples, List<QuantileGroup> quantileGroups,
                         List<TokenValue> logitsPos, List<TokenValue> logitsNeg, List<Neighbour> neighbours,
                         List<ConceptMatch> concepts) {
    }

    /** A feature that fires on a token: how often, and with what mean activation there. */
    public record TokenFeature(int feature, int token, long count, double meanAct) {
    }

    private final Path file;
    private final Connection db;
    private final Map<String, String> meta;

    private FeatureIndex(Path file, Connection db, Map<String, String> meta) {
        this.file = file;
        this.db = db;
        this.meta = meta;
    }

    /**
     * Opens a complete index read-only. Not a file, not SQLite, not an index, another schema
     * version, or a build that has not finished: a {@link BadInputException} saying which.
     */
    public static FeatureIndex open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, Files.exists(file) ? "is not a file" : "file not found");
        }
        Connection db = null;
        try {
            SQLiteConfig cfg = new SQLiteConfig();
            cfg.setReadOnly(true);
            db = cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            Map<String, String> meta;
            try {
                meta = FeatureIndexBuilder.readMeta(db);
            } catch (SQLException e) {
                throw new BadInputException(file, "is not a SAEscope feature index (" + e.getMessage() + ")");
            }
            if (!IndexSchema.FORMAT.equals(meta.get("format"))) {
                throw new BadInputException(file, "is not a SAEscope feature index");
            }
            if (!Integer.toString(IndexSchema.VERSION).equals(meta.get("schema_version"))) {
                throw new BadInputException(file, "has schema version " + meta.get("schema_version")
                        + "; this SAEscope reads version " + IndexSchema.VERSION);
            }
            if (!IndexSchema.COMPLETE.equals(meta.get("state"))) {
                throw new BadInputException(file, "is an incomplete build (" + meta.get("tokens_done")
                        + " tokens indexed so far); run the same saescope index command again to resume it");
            }
            return new FeatureIndex(file, db, meta);
        } catch (SQLException e) {
            close(db);
            throw new BadInputException(file, "cannot be opened as SQLite: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(db);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The index's meta table: identity of SAE, model and corpus, settings, counts. */
    public Map<String, String> meta() {
        return Map.copyOf(meta);
    }

    public String saeSha256() {
        return meta.get("sae_sha256");
    }

    public int dSae() {
        return Integer.parseInt(meta.get("d_sae"));
    }

    public long tokens() {
        return Long.parseLong(meta.get("tokens_done"));
    }

    /** Refuses to go on when the index was built for another SAE than the one with {@code sha256}. */
    public void requireSae(String sha256, Path saePath) {
        if (!saeSha256().equals(sha256)) {
            throw new BadInputException(file, "was built for another SAE (weights sha256 " + saeSha256().substring(0, 12)
                    + "…, " + meta.get("sae") + "), not " + (saePath == null ? "this one" : saePath.toString())
                    + " (sha256 " + sha256.substring(0, Math.min(12, sha256.length())) + "…); build an index for this SAE");
        }
    }

    public Summary summary(int id) {
        checkId(id);
        return query("SELECT id, fire_count, density, max_act, mean_act FROM feature WHERE id = ?", FeatureIndex::summary, id)
                .get(0);
    }

    /** Features whose density lies in [minDensity, maxDensity], sorted by {@code by}, at most {@code limit}. */
    public List<Summary> list(double minDensity, double maxDensity, Stat by, boolean descending, int limit, int offset) {
        return query(listSql(by, descending), FeatureIndex::summary, minDensity, maxDensity, limit, offset);
    }

    static String listSql(Stat by, boolean descending) {
        return "SELECT id, fire_count, density, max_act, mean_act FROM feature WHERE density BETWEEN ? AND ? ORDER BY "
                + by.column + (descending ? " DESC" : " ASC") + (by == Stat.ID ? "" : ", id") + " LIMIT ? OFFSET ?";
    }

    /** Features that fire most often on the token(s) whose text is exactly {@code text} (e.g. " the"). */
    public List<TokenFeature> featuresForToken(String text) {
        return query(TOKEN_SQL, rs -> new TokenFeature(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getDouble(4)), text);
    }

    static final String TOKEN_SQL = "SELECT tf.feature, tf.token, tf.count, tf.mean_act FROM token t"
            + " JOIN token_feature tf ON tf.token = t.id WHERE t.text = ? ORDER BY tf.count DESC, tf.mean_act DESC, tf.feature";

    /** Features that fire most often on token id {@code token}. */
    public List<TokenFeature> featuresForToken(int token) {
        return query("SELECT feature, token, count, mean_act FROM token_feature WHERE token = ? ORDER BY rank",
                rs -> new TokenFeature(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getDouble(4)), token);
    }

    public Details details(int id) {
        Summary s = summary(id);
        long[] hist = parseHistogram(query("SELECT histogram FROM feature WHERE id = ?", rs -> rs.getString(1), id).get(0));
        Map<Integer, List<String>> windowTokens = new HashMap<>();
        List<Example> top = new ArrayList<>();
        Map<Integer, List<Example>> byBand = new HashMap<>();
        for (Object[] row : query("SELECT band, act, pos, window, acts FROM example WHERE feature = ? ORDER BY band, rank",
                rs -> new Object[] {rs.getInt(1), rs.getDouble(2), rs.getInt(3), rs.getInt(4), rs.getBytes(5)}, id)) {
            int window = (Integer) row[3];
            List<String> tokens = windowTokens.computeIfAbsent(window, this::windowTokens);
            Example e = new Example((Double) row[1], (Integer) row[2], window, tokens, Blobs.denseActs((byte[]) row[4], tokens.size()));
            int band = (Integer) row[0];
            if (band == IndexSchema.TOP_BAND) {
                top.add(e);
            } else {
                byBand.computeIfAbsent(band, b -> new ArrayList<>()).add(e);
            }
        }
        List<QuantileGroup> groups = query("SELECT band, lo, hi, count FROM band WHERE feature = ? ORDER BY band",
                rs -> new QuantileGroup(rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4), List.of()), id);
        List<QuantileGroup> filled = new ArrayList<>();
        for (QuantileGroup g : groups) {
            filled.add(new QuantileGroup(g.band(), g.lo(), g.hi(), g.count(), List.copyOf(byBand.getOrDefault(g.band(), List.of()))));
        }
        String logitSql = "SELECT l.token, t.text, l.value FROM logit l LEFT JOIN token t ON t.id = l.token"
                + " WHERE l.feature = ? AND l.sign = ? ORDER BY l.rank";
        ResultMapper<TokenValue> tv = rs -> new TokenValue(rs.getInt(1), rs.getString(2), rs.getDouble(3));
        return new Details(s, hist, top, filled, query(logitSql, tv, id, 1), query(logitSql, tv, id, -1),
                query("SELECT other, cosine FROM neighbour WHERE feature = ? ORDER BY rank",
                        rs -> new Neighbour(rs.getInt(1), rs.getDouble(2)), id),
                query("SELECT c.name, c.kind, m.tp, m.precision, m.recall, m.f1 FROM concept_match m JOIN concept c ON c.id = m.concept"
                        + " WHERE m.feature = ? ORDER BY m.rank",
                        rs -> new ConceptMatch(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5),
                                rs.getDouble(6)), id));
    }

    /** A feature's activation histogram: counts of its non-zero activations in equal bins over [0, maxAct]. */
    public long[] histogram(int id) {
        checkId(id);
        return parseHistogram(query("SELECT histogram FROM feature WHERE id = ?", rs -> rs.getString(1), id).get(0));
    }

    /** A feature's stored activation histogram with the maximum its bins span. */
    public record StoredHistogram(double maxAct, long[] counts) {
    }

    /**
     * The histograms of {@code ids} (each checked) in as few queries as there are blocks of
     * {@value #IDS_PER_QUERY} ids: the app asks for every feature of a prompt at once, which
     * one query per feature made a cold prompt wait on hundreds of SQLite round trips.
     */
    public Map<Integer, StoredHistogram> histograms(int[] ids) {
        Map<Integer, StoredHistogram> out = new HashMap<>();
        for (int from = 0; from < ids.length; from += IDS_PER_QUERY) {
            int to = Math.min(ids.length, from + IDS_PER_QUERY);
            Object[] params = new Object[to - from];
            for (int i = from; i < to; i++) {
                checkId(ids[i]);
                params[i - from] = ids[i];
            }
            String sql = "SELECT id, max_act, histogram FROM feature WHERE id IN (" + "?,".repeat(params.length - 1) + "?)";
            for (Object[] row : query(sql, rs -> new Object[] {rs.getInt(1), rs.getDouble(2), rs.getString(3)}, params)) {
                out.put((Integer) row[0], new StoredHistogram((Double) row[1], parseHistogram((String) row[2])));
            }
        }
        return out;
    }

    private static final int IDS_PER_QUERY = 500;

    /**
     * Every feature's best concept match (rank 0, the highest F1), by feature id; features without
     * one are absent. One scan of {@code concept_match}'s primary key, for a browser column.
     */
    public Map<Integer, ConceptMatch> bestConcepts() {
        Map<Integer, ConceptMatch> out = new HashMap<>();
        for (Object[] row : query("SELECT m.feature, c.name, c.kind, m.tp, m.precision, m.recall, m.f1 FROM concept_match m"
                + " JOIN concept c ON c.id = m.concept WHERE m.rank = 0",
                rs -> new Object[] {rs.getInt(1), new ConceptMatch(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getDouble(7))})) {
            out.put((Integer) row[0], (ConceptMatch) row[1]);
        }
        return out;
    }

    /**
     * For each feature, the texts of the tokens on which it is among the features that fire most
     * (the inverse of {@link #featuresForToken(int)}), most frequent first: what a search by token
     * over all features matches. Features that top no token are absent.
     */
    public Map<Integer, List<String>> tokensByFeature() {
        Map<Integer, List<String>> out = new HashMap<>();
        for (Object[] row : query("SELECT tf.feature, t.text FROM token_feature tf JOIN token t ON t.id = tf.token"
                + " ORDER BY tf.feature, tf.count DESC, tf.token", rs -> new Object[] {rs.getInt(1), rs.getString(2)})) {
            out.computeIfAbsent((Integer) row[0], k -> new ArrayList<>()).add((String) row[1]);
        }
        return out;
    }

    /** Histogram bin edges: {@code bins + 1} equal steps from 0 to maxAct. */
    public static double[] histogramEdges(double maxAct, int bins) {
        double[] e = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            e[i] = maxAct * i / bins;
        }
        return e;
    }

    private List<String> windowTokens(int window) {
        byte[] blob = query("SELECT tokens FROM window WHERE id = ?", rs -> rs.getBytes(1), window).get(0);
        int[] ids = Blobs.ints(blob);
        Map<Integer, String> text = new HashMap<>();
        List<String> out = new ArrayList<>(ids.length);
        for (int t : ids) {
            out.add(text.computeIfAbsent(t, k -> {
                List<String> r = query("SELECT text FROM token WHERE id = ?", rs -> rs.getString(1), k);
                return r.isEmpty() ? "<" + k + ">" : r.get(0);
            }));
        }
        return out;
    }

    private static long[] parseHistogram(String s) {
        String inner = s.substring(1, s.length() - 1);
        if (inner.isEmpty()) {
            return new long[0];
        }
        String[] parts = inner.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i].trim());
        }
        return out;
    }

    private void checkId(int id) {
        if (id < 0 || id >= dSae()) {
            throw new BadInputException(file, "has no feature " + id + "; ids run 0.." + (dSae() - 1));
        }
    }

    /** EXPLAIN QUERY PLAN of a query (for tests that check the indexes are used). */
    List<String> queryPlan(String sql, Object... params) {
        return query("EXPLAIN QUERY PLAN " + sql, rs -> rs.getString(4), params);
    }

    private static Summary summary(ResultSet rs) throws SQLException {
        return new Summary(rs.getInt(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
    }

    private interface ResultMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, ResultMapper<T> mapper, Object... params) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new BadInputException(file, "query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        close(db);
    }

    private static void close(Connection db) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
        }
    }
}
