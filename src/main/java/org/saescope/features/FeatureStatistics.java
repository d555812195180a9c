package org.saescope.features;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.saescope.sae.SparseCodes;

/**
 * Stage 2 of a build: the per-feature statistics, computed from the windows and sparse codes that
 * stage 1 stored, in three sequential passes over them. Only active (token, feature) pairs are
 * touched. Everything is a deterministic function of the stored rows and the settings, which is
 * why a build resumed after a kill ends identical to an uninterrupted one.
 *
 * <ol>
 *   <li>firing count, activation sum and maximum per feature; tokens per concept;</li>
 *   <li>histogram, top examples, band reservoirs, concept true positives, (token, feature) pairs;</li>
 *   <li>each chosen example's activations over its window.</li>
 * </ol>
 * "Fires" means an activation above zero.
 */
final class FeatureStatistics {
    static final int CONCEPTS_PER_FEATURE = 5;
    static final int FEATURES_PER_TOKEN = 20;

    private final Connection db;
    private final int dSae;
    private final IndexSettings s;
    private final BooleanSupplier cancelled;

    FeatureStatistics(Connection db, int dSae, IndexSettings settings, BooleanSupplier cancelled) {
        this.db = db;
        this.dSae = dSae;
        this.s = settings;
        this.cancelled = cancelled;
    }

    /** One stored window, decoded. */
    private record StoredWindow(int id, int[] tokens, int[] concepts, int genre, SparseCodes codes) {
    }

    private interface WindowVisitor {
        void visit(StoredWindow w) throws SQLException;
    }

    /** Writes feature, band, example, concept_match and token_feature rows, and concept token counts (no commit). */
    void computeAndWrite() throws SQLException {
        Map<String, Integer> genreIds = new HashMap<>();
        int nConcepts = 0;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name FROM concept")) {
            while (rs.next()) {
                nConcepts = Math.max(nConcepts, rs.getInt(1) + 1);
                if (rs.getString(2).startsWith("genre:")) {
                    genreIds.put(rs.getString(2).substring("genre:".length()), rs.getInt(1));
                }
            }
        }
        final int nc = nConcepts;

        // Pass 1
        long[] fires = new long[dSae];
        double[] sum = new double[dSae];
        float[] max = new float[dSae];
        long[] conceptTokens = new long[nc];
        long[] totalTokens = {0};
        scan(genreIds, w -> {
            totalTokens[0] += w.tokens.length;
            for (int t = 0; t < w.tokens.length; t++) {
                if (w.concepts != null && w.concepts[t] != Blobs.NO_CONCEPT) {
                    conceptTokens[w.concepts[t]]++;
                }
                if (w.genre >= 0) {
                    conceptTokens[w.genre]++;
                }
                for (int i = w.codes.start(t); i < w.codes.end(t); i++) {
                    float a = w.codes.values()[i];
                    if (a > 0) {
                        int f = w.codes.indices()[i];
                        fires[f]++;
                        sum[f] += a;
                        max[f] = Math.max(max[f], a);
                    }
                }
            }
        });

        // Pass 2
        int bins = s.histogramBins();
        int bands = s.quantileBands();
        long[] hist = new long[dSae * bins];
        TopExamples top = new TopExamples(dSae, s.topN());
        BandReservoirs res = new BandReservoirs(dSae, bands, s.perBand(), s.seed());
        int[] tp = new int[dSae * Math.max(nc, 1)];
        PairCounts pairs = new PairCounts();
        scan(genreIds, w -> {
            for (int t = 0; t < w.tokens.length; t++) {
                int concept = w.concepts == null ? Blobs.NO_CONCEPT : w.concepts[t];
                for (int i = w.codes.start(t); i < w.codes.end(t); i++) {
                    float a = w.codes.values()[i];
                    if (!(a > 0)) {
                        continue;
                    }
                    int f = w.codes.indices()[i];
                    double rel = (double) a / max[f];
                    hist[f * bins + Math.min(bins - 1, (int) (rel * bins))]++;
                    res.offer(f, Math.min(bands - 1, (int) (rel * bands)), a, w.id, t);
                    top.offer(f, a, w.id, t);
                    if (concept != Blobs.NO_CONCEPT) {
                        tp[f * nc + concept]++;
                    }
                    if (w.genre >= 0) {
                        tp[f * nc + w.genre]++;
                    }
                    pairs.add(w.tokens[t], f, a);
                }
            }
        });

        writeFeatures(totalTokens[0], fires, sum, max, hist);
        writeConcepts(nc, conceptTokens, fires, tp);
        writeTokenFeatures(pairs);
        writeExamples(genreIds, top, res, max);
    }

    private void scan(Map<String, Integer> genreIds, WindowVisitor v) throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT w.id, w.tokens, w.concepts, w.genre, c.codes FROM window w"
                     + " JOIN window_codes c ON c.window = w.id ORDER BY w.id")) {
            while (rs.next()) {
                checkCancelled();
                byte[] concepts = rs.getBytes(3);
                String genre = rs.getString(4);
                v.visit(new StoredWindow(rs.getInt(1), Blobs.ints(rs.getBytes(2)),
                        concepts == null ? null : Blobs.shorts(concepts),
                        genre == null ? -1 : genreIds.getOrDefault(genre, -1), Blobs.codes(rs.getBytes(5))));
            }
        }
    }

    private void checkCancelled() {
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new java.util.concurrent.CancellationException("index build cancelled");
        }
    }

    private void writeFeatures(long totalTokens, long[] fires, double[] sum, float[] max, long[] hist) throws SQLException {
        int bins = s.histogramBins();
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO feature (id, fire_count, density, max_act, mean_act, histogram) VALUES (?,?,?,?,?,?)")) {
            for (int f = 0; f < dSae; f++) {
                ps.setInt(1, f);
                ps.setLong(2, fires[f]);
                ps.setDouble(3, totalTokens == 0 ? 0 : (double) fires[f] / totalTokens);
                ps.setDouble(4, max[f]);
                ps.setDouble(5, fires[f] == 0 ? 0 : sum[f] / fires[f]);
                ps.setString(6, Arrays.toString(Arrays.copyOfRange(hist, f * bins, (f + 1) * bins)).replace(" ", ""));
                ps.addBatch();
                if (f % 4096 == 4095) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Per feature the best concepts by F1 of "fires" against "token has the concept" (ties: lower concept id). */
    private void writeConcepts(int nc, long[] conceptTokens, long[] fires, int[] tp) throws SQLException {
        try (PreparedStatement up = db.prepareStatement("UPDATE concept SET token_count = ? WHERE id = ?")) {
            for (int c = 0; c < nc; c++) {
                up.setLong(1, conceptTokens[c]);
                up.setInt(2, c);
                up.addBatch();
            }
            up.executeBatch();
        }
        if (nc == 0) {
            return;
        }
        float[] f1 = new float[nc];
        int[] bestIdx = new int[CONCEPTS_PER_FEATURE];
        float[] bestVal = new float[CONCEPTS_PER_FEATURE];
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO concept_match (feature, rank, concept, tp, precision, recall, f1) VALUES (?,?,?,?,?,?,?)")) {
            for (int f = 0; f < dSae; f++) {
                if (fires[f] == 0) {
                    continue;
                }
                for (int c = 0; c < nc; c++) {
                    int t = tp[f * nc + c];
                    f1[c] = t == 0 ? Float.NaN : (float) f1(t, fires[f], conceptTokens[c]);
                }
                int n = RowTopK.select(f1, 0, nc, CONCEPTS_PER_FEATURE, 1f, -1, bestIdx, bestVal, 0);
                for (int r = 0; r < n; r++) {
                    int c = bestIdx[r];
                    int t = tp[f * nc + c];
                    ps.setInt(1, f);
                    ps.setInt(2, r);
                    ps.setInt(3, c);
                    ps.setInt(4, t);
                    ps.setDouble(5, (double) t / fires[f]);
                    ps.setDouble(6, (double) t / conceptTokens[c]);
                    ps.setDouble(7, f1(t, fires[f], conceptTokens[c]));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    static double f1(long tp, long fires, long positives) {
        double p = (double) tp / fires;
        double r = (double) tp / positives;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Per token id the features that fire on it most often (ties: higher mean activation, then lower id). */
    private void writeTokenFeatures(PairCounts pairs) throws SQLException {
        List<int[]> keys = new ArrayList<>(pairs.size());
        List<double[]> vals = new ArrayList<>(pairs.size());
        pairs.forEach((token, feature, count, sum) -> {
            keys.add(new int[] {token, feature, count});
            vals.add(new double[] {sum / count});
        });
        Integer[] order = new Integer[keys.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int[] a = keys.get(x);
            int[] b = keys.get(y);
            if (a[0] != b[0]) {
                return Integer.compare(a[0], b[0]);
            }
            if (a[2] != b[2]) {
                return Integer.compare(b[2], a[2]);
            }
            int m = Double.compare(vals.get(y)[0], vals.get(x)[0]);
            return m != 0 ? m : Integer.compare(a[1], b[1]);
        });
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO token_feature (token, rank, feature, count, mean_act) VALUES (?,?,?,?,?)")) {
            int lastToken = Integer.MIN_VALUE;
            int rank = 0;
            int batched = 0;
            for (Integer i : order) {
                int[] k = keys.get(i);
                if (k[0] != lastToken) {
                    lastToken = k[0];
                    rank = 0;
                }
                if (rank >= FEATURES_PER_TOKEN) {
                    continue;
                }
                ps.setInt(1, k[0]);
                ps.setInt(2, rank++);
                ps.setInt(3, k[1]);
                ps.setInt(4, k[2]);
                ps.setDouble(5, vals.get(i)[0]);
                ps.addBatch();
                if (++batched % 8192 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** One example to write: its row key, and where its activations come from. */
    private record Request(int feature, int band, int rank, float act, int window, int pos) {
    }

    private void writeExamples(Map<String, Integer> genreIds, TopExamples top, BandReservoirs res, float[] max) throws SQLException {
        int n = Math.max(s.topN(), s.perBand());
        int[] win = new int[n];
        int[] pos = new int[n];
        float[] act = new float[n];
        Map<Integer, List<Request>> byWindow = new HashMap<>();
        int bands = s.quantileBands();
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO band (feature, band, lo, hi, count) VALUES (?,?,?,?,?)")) {
            for (int f = 0; f < dSae; f++) {
                int c = top.sorted(f, win, pos, act);
                for (int r = 0; r < c; r++) {
                    byWindow.computeIfAbsent(win[r], k -> new ArrayList<>()).add(new Request(f, IndexSchema.TOP_BAND, r, act[r], win[r], pos[r]));
                }
                if (max[f] <= 0) {
                    continue;
                }
                for (int b = 0; b < bands; b++) {
                    ps.setInt(1, f);
                    ps.setInt(2, b);
                    ps.setDouble(3, (double) max[f] * b / bands);
                    ps.setDouble(4, (double) max[f] * (b + 1) / bands);
                    ps.setLong(5, res.count(f, b));
                    ps.addBatch();
                    int cb = res.sorted(f, b, win, pos, act);
                    for (int r = 0; r < cb; r++) {
                        byWindow.computeIfAbsent(win[r], k -> new ArrayList<>()).add(new Request(f, b, r, act[r], win[r], pos[r]));
                    }
                }
                if (f % 1024 == 1023) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO example (feature, band, rank, act, window, pos, acts) VALUES (?,?,?,?,?,?,?)")) {
            int[] batched = {0};
            scan(genreIds, w -> {
                List<Request> reqs = byWindow.get(w.id);
                if (reqs == null) {
                    return;
                }
                ByFeature index = new ByFeature(w.codes);
                for (Request q : reqs) {
                    ps.setInt(1, q.feature);
                    ps.setInt(2, q.band);
                    ps.setInt(3, q.rank);
                    ps.setDouble(4, q.act);
                    ps.setInt(5, q.window);
                    ps.setInt(6, q.pos);
                    ps.setBytes(7, index.acts(q.feature));
                    ps.addBatch();
                    if (++batched[0] % 8192 == 0) {
                        ps.executeBatch();
                    }
                }
            });
            ps.executeBatch();
        }
    }

    /** A window's non-zero codes sorted by (feature, position), to pull out one feature's activations. */
    private static final class ByFeature {
        final int[] feature;
        final int[] pos;
        final float[] act;

        ByFeature(SparseCodes codes) {
            int nnz = codes.nnz();
            int[] tokenOf = new int[nnz];
            long[] packed = new long[nnz];
            for (int t = 0; t < codes.tokens(); t++) {
                for (int i = codes.start(t); i < codes.end(t); i++) {
                    tokenOf[i] = t;
                    // entries are stored token by token, so sorting by (feature, entry) sorts by (feature, token)
                    packed[i] = ((long) codes.indices()[i] << 32) | i;
                }
            }
            Arrays.sort(packed);
            feature = new int[nnz];
            pos = new int[nnz];
            act = new float[nnz];
            for (int j = 0; j < nnz; j++) {
                int i = (int) packed[j];
                feature[j] = (int) (packed[j] >>> 32);
                pos[j] = tokenOf[i];
                act[j] = codes.values()[i];
            }
        }

        byte[] acts(int f) {
            int lo = lowerBound(f);
            int hi = lowerBound(f + 1);
            int[] p = new int[hi - lo];
            float[] a = new float[hi - lo];
            int n = 0;
            for (int j = lo; j < hi; j++) {
                if (act[j] > 0) {
                    p[n] = pos[j];
                    a[n++] = act[j];
                }
            }
            return Blobs.sparseActs(p, a, n);
        }

        private int lowerBound(int f) {
            int lo = 0;
            int hi = feature.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (feature[mid] < f) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
