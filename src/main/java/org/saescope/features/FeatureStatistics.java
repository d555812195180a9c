package org.saescope.features;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.saescope.sae.SparseCodes;

/**
 * Stage 2 of a build: the per-feature statistics, computed from the windows and sparse codes that
 * stage 1 stored, in three passes over them. Only active (token, feature) pairs are touched.
 * Everything is a deterministic function of the stored rows and the settings, which is why a build
 * resumed after a kill ends identical to an uninterrupted one. The first two passes split the
 * features over threads by id range (each feature still sees the windows in corpus order, so the
 * rows do not depend on the number of threads), and the windows decoded by the first pass stay in
 * memory for the others while they fit {@link #CACHE_ENTRIES}.
 *
 * <ol>
 *   <li>firing count, activation sum and maximum per feature; tokens per concept;</li>
 *   <li>histogram, top examples, band reservoirs, concept true positives; then per token the
 *       features firing on it most ({@link TokenFeatures}: from the windows in memory, or from
 *       (token, feature) totals gathered during this pass when they did not fit);</li>
 *   <li>each chosen example's activations over its window.</li>
 * </ol>
 * "Fires" means an activation above zero.
 */
final class FeatureStatistics {
    static final int CONCEPTS_PER_FEATURE = 5;

    private final Connection db;
    private final int dSae;
    private final IndexSettings s;
    private final BooleanSupplier cancelled;
    /** At most this many parts: every part reads every entry, so beyond a few the reading outweighs the split work. */
    static final int MAX_THREADS = 8;
    /** Threads the passes over the codes split their features over. */
    private final int threads;

    FeatureStatistics(Connection db, int dSae, IndexSettings settings, BooleanSupplier cancelled) {
        this(db, dSae, settings, cancelled, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    FeatureStatistics(Connection db, int dSae, IndexSettings settings, BooleanSupplier cancelled, int threads) {
        this.db = db;
        this.dSae = dSae;
        this.s = settings;
        this.cancelled = cancelled;
        this.threads = threads;
    }

    private interface WindowVisitor {
        void visit(StoredWindow w) throws SQLException;
    }

    /**
     * One part's work on one window: {@code part} owns the features {@code [lo, hi)}; every part
     * sees every window, and only part 0 counts per-token things (tokens, concept tokens).
     */
    private interface PartVisitor {
        void visit(int part, int lo, int hi, StoredWindow w);
    }

    /** Writes feature, band, example, concept_match and token_feature rows, and concept token counts (no commit). */
    void computeAndWrite() throws SQLException {
        computeAndWrite(null);
    }

    /**
     * As {@link #computeAndWrite()}; {@code scansDone} (if not null) runs once the parallel passes
     * are over and only this thread's writes remain, so a caller can start other work on the cores
     * that frees.
     */
    void computeAndWrite(Runnable scansDone) throws SQLException {
        Map<String, Integer> genreIds = new java.util.HashMap<>();
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
        int parts = Math.max(1, Math.min(threads, dSae));
        ExecutorService pool = parts == 1 ? null : Executors.newFixedThreadPool(parts - 1, r -> {
            Thread t = new Thread(r, "saescope-index-statistics");
            t.setDaemon(true);
            return t;
        });
        try {
            // Pass 1; features split evenly by id.
            long[] fires = new long[dSae];
            double[] sum = new double[dSae];
            float[] max = new float[dSae];
            long[] conceptTokens = new long[nc];
            long[] totalTokens = {0};
            int[][] tokenCounts = {new int[1024]};
            scan(genreIds, pool, evenBounds(parts), (part, lo, hi, w) -> {
                if (part == 0) {
                    totalTokens[0] += w.tokens().length;
                    for (int t = 0; t < w.tokens().length; t++) {
                        int id = w.tokens()[t];
                        if (id >= tokenCounts[0].length) {
                            tokenCounts[0] = Arrays.copyOf(tokenCounts[0], Math.max(id + 1, tokenCounts[0].length * 2));
                        }
                        tokenCounts[0][id]++;
                        if (w.concepts() != null && w.concepts()[t] != Blobs.NO_CONCEPT) {
                            conceptTokens[w.concepts()[t]]++;
                        }
                        if (w.genre() >= 0) {
                            conceptTokens[w.genre()]++;
                        }
                    }
                }
                int[] idx = w.codes().indices();
                float[] val = w.codes().values();
                for (int i = 0; i < idx.length; i++) {
                    int f = idx[i];
                    float a = val[i];
                    if (f >= lo && f < hi && a > 0) {
                        fires[f]++;
                        sum[f] += a;
                        max[f] = Math.max(max[f], a);
                    }
                }
            });

            // Pass 2; features split so each part sees about as many firings.
            int bins = s.histogramBins();
            int bands = s.quantileBands();
            long[] hist = new long[dSae * bins];
            TopExamples top = new TopExamples(dSae, s.topN());
            BandReservoirs res = new BandReservoirs(dSae, bands, s.perBand(), s.seed());
            int[] tp = new int[dSae * Math.max(nc, 1)];
            int[] bounds = balancedBounds(parts, fires);
            // Windows held in memory are ranked per token after this pass (TokenFeatures); only
            // streamed ones need the (token, feature) totals gathered on the way.
            boolean inMemory = cache != null;
            PairCounts[] pairs = inMemory ? null : new PairCounts[parts];
            if (!inMemory) {
                int[] dense = denseTokens(tokenCounts[0], fires, totalTokens[0]);
                for (int p = 0; p < parts; p++) {
                    pairs[p] = new PairCounts(bounds[p], bounds[p + 1], dense);
                }
            }
            scan(genreIds, pool, bounds, (part, lo, hi, w) -> {
                int[] idx = w.codes().indices();
                float[] val = w.codes().values();
                PairCounts pc = pairs == null ? null : pairs[part];
                for (int t = 0; t < w.tokens().length; t++) {
                    int concept = w.concepts() == null ? Blobs.NO_CONCEPT : w.concepts()[t];
                    for (int i = w.codes().start(t); i < w.codes().end(t); i++) {
                        int f = idx[i];
                        float a = val[i];
                        if (f < lo || f >= hi || !(a > 0)) {
                            continue;
                        }
                        double rel = (double) a / max[f];
                        hist[f * bins + Math.min(bins - 1, (int) (rel * bins))]++;
                        res.offer(f, Math.min(bands - 1, (int) (rel * bands)), a, w.id(), t);
                        top.offer(f, a, w.id(), t);
                        if (concept != Blobs.NO_CONCEPT) {
                            tp[f * nc + concept]++;
                        }
                        if (w.genre() >= 0) {
                            tp[f * nc + w.genre()]++;
                        }
                        if (pc != null) {
                            pc.add(w.tokens()[t], f, a);
                        }
                    }
                }
            });
            TokenFeatures tokenFeatures;
            if (inMemory) {
                int[][] windowTokens = new int[cache.size()][];
                SparseCodes[] windowCodes = new SparseCodes[cache.size()];
                for (int i = 0; i < cache.size(); i++) {
                    windowTokens[i] = cache.get(i).tokens();
                    windowCodes[i] = cache.get(i).codes();
                }
                tokenFeatures = TokenFeatures.fromWindows(windowTokens, windowCodes, dSae, task -> onEveryPart(pool, parts, task));
            } else {
                tokenFeatures = TokenFeatures.fromPairs(pairs);
            }

            if (scansDone != null) {
                scansDone.run();
            }
            writeFeatures(totalTokens[0], fires, sum, max, hist);
            writeConcepts(nc, conceptTokens, fires, tp);
            writeTokenFeatures(tokenFeatures);
            writeExamples(genreIds, top, res, max);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Windows decoded per round of parallel work: enough to keep the parts busy, few enough to stay small in memory. */
    private static final int SCAN_CHUNK_WINDOWS = 256;

    /**
     * Visits every stored window, in id order, once per part: the windows are read and decoded a
     * chunk at a time on this thread, then each part runs over the chunk (part 0 here, the rest on
     * {@code pool}). Part p owns features {@code [bounds[p], bounds[p+1])}, so the parts write
     * disjoint entries of the per-feature arrays and each feature sees its windows in corpus order
     * whichever part it falls in: the result does not depend on the number of parts.
     */
    private void scan(Map<String, Integer> genreIds, ExecutorService pool, int[] bounds, PartVisitor v) throws SQLException {
        List<StoredWindow> chunk = new ArrayList<>(SCAN_CHUNK_WINDOWS);
        WindowVisitor collect = w -> {
            chunk.add(w);
            if (chunk.size() == SCAN_CHUNK_WINDOWS) {
                runParts(chunk, pool, bounds, v);
                chunk.clear();
            }
        };
        scan(genreIds, collect);
        runParts(chunk, pool, bounds, v);
    }

    /** Runs task on this thread and on parts − 1 threads of the pool at once; returns when all are done. */
    private static void onEveryPart(ExecutorService pool, int parts, Runnable task) {
        forEachPart(pool, parts, part -> task.run());
    }

    private static void runParts(List<StoredWindow> chunk, ExecutorService pool, int[] bounds, PartVisitor v) {
        forEachPart(pool, bounds.length - 1, part -> {
            for (StoredWindow w : chunk) {
                v.visit(part, bounds[part], bounds[part + 1], w);
            }
        });
    }

    /** Runs part 0 on this thread and parts 1 .. parts − 1 on the pool at once; returns when all are done. */
    private static void forEachPart(ExecutorService pool, int parts, java.util.function.IntConsumer part) {
        List<Future<?>> others = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int which = p;
            others.add(pool.submit(() -> part.accept(which)));
        }
        try {
            part.accept(0);
        } finally {
            awaitAll(others);
        }
    }

    /** Waits for every part (none may still write the shared arrays when this returns) and rethrows the first failure. */
    private static void awaitAll(List<Future<?>> others) {
        RuntimeException failure = null;
        for (Future<?> f : others) {
            boolean interrupted = false;
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the part is short; finish waiting so no thread outlives the arrays' use
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof Error err) {
                        throw err;
                    }
                    if (failure == null) {
                        failure = c instanceof RuntimeException r ? r : new IllegalStateException(c);
                    }
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Memory for the dense rows of (token, feature) counts, all parts together. */
    static final long DENSE_PAIR_BYTES = 64L << 20;

    /**
     * The tokens whose (token, feature) pairs get a dense row ({@link PairCounts}): the most
     * frequent first, as many as {@link #DENSE_PAIR_BYTES} holds, and only tokens expected to
     * fill a sixteenth of their row (occurrences × mean firings per token ≥ dSae / 16).
     */
    private int[] denseTokens(int[] tokenCounts, long[] fires, long totalTokens) {
        long totalFires = 0;
        for (long n : fires) {
            totalFires += n;
        }
        double perToken = totalTokens == 0 ? 0 : (double) totalFires / totalTokens;
        int rows = (int) Math.min(Integer.MAX_VALUE / Math.max(dSae, 1), DENSE_PAIR_BYTES / (12L * dSae));
        List<Integer> candidates = new ArrayList<>();
        for (int t = 0; t < tokenCounts.length; t++) {
            if (tokenCounts[t] * perToken >= dSae / 16.0 && tokenCounts[t] > 0) {
                candidates.add(t);
            }
        }
        candidates.sort((a, b) -> tokenCounts[a] != tokenCounts[b] ? Integer.compare(tokenCounts[b], tokenCounts[a])
                : Integer.compare(a, b));
        return candidates.stream().limit(rows).mapToInt(Integer::intValue).toArray();
    }

    /** Part boundaries splitting {@code [0, dSae)} into equal ranges of feature ids. */
    private int[] evenBounds(int parts) {
        int[] b = new int[parts + 1];
        for (int p = 0; p <= parts; p++) {
            b[p] = (int) ((long) dSae * p / parts);
        }
        return b;
    }

    /** Part boundaries giving each part about the same number of firings (the work of pass 2). */
    private int[] balancedBounds(int parts, long[] fires) {
        long total = 0;
        for (long n : fires) {
            total += n;
        }
        int[] b = new int[parts + 1];
        b[parts] = dSae;
        long acc = 0;
        int f = 0;
        for (int p = 1; p < parts; p++) {
            long target = total * p / parts;
            while (f < dSae && acc + fires[f] <= target) {
                acc += fires[f++];
            }
            b[p] = Math.max(f, b[p - 1]);
        }
        return b;
    }

    /**
     * Stored code entries (of all windows together) that the decoded windows may hold in memory
     * between passes, about 8 bytes each: the demo's dense SAE has 8.8 M. Past this the later
     * passes read and decode the rows again.
     */
    static final long CACHE_ENTRIES = 16L << 20;

    /** The cache's budget: {@link #CACHE_ENTRIES}; tests lower it to take the re-reading path. */
    long cacheEntries = CACHE_ENTRIES;
    /** Every window as the first scan decoded them, when they fit {@link #cacheEntries}; else null. */
    private List<StoredWindow> cache;
    private boolean firstScanDone;

    /**
     * Hands over every stored window, decoded, in id order (stage 1 kept them while they fit
     * {@link #CACHE_ENTRIES}), so no pass needs to read them back from SQLite.
     */
    void useWindows(List<StoredWindow> windows) {
        cache = windows;
        firstScanDone = true;
    }

    /** Visits every stored window in id order: from memory after a first scan that fit the cache, else from SQLite. */
    private void scan(Map<String, Integer> genreIds, WindowVisitor v) throws SQLException {
        if (cache != null) {
            for (StoredWindow w : cache) {
                checkCancelled();
                v.visit(w);
            }
            return;
        }
        boolean fill = !firstScanDone;
        firstScanDone = true;
        List<List<StoredWindow>> filling = new ArrayList<>(1);
        filling.add(fill ? new ArrayList<>() : null);
        long[] entries = {0};
        readRows(genreIds, w -> {
            List<StoredWindow> f = filling.get(0);
            if (f != null) {
                entries[0] += w.entries();
                if (entries[0] <= cacheEntries) {
                    f.add(w);
                } else {
                    filling.set(0, null);
                }
            }
            v.visit(w);
        });
        cache = filling.get(0);
    }

    private void readRows(Map<String, Integer> genreIds, WindowVisitor v) throws SQLException {
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

    /** Per token id its {@link TokenFeatures#PER_TOKEN} features that fire on it most often. */
    private void writeTokenFeatures(TokenFeatures tf) throws SQLException {
        try (MultiRowInsert ins = new MultiRowInsert(db, "token_feature (token, rank, feature, count, mean_act)", 5)) {
            for (int g = 0; g < tf.tokens.length; g++) {
                for (int i = tf.start[g]; i < tf.start[g + 1]; i++) {
                    ins.setInt(1, tf.tokens[g]);
                    ins.setInt(2, i - tf.start[g]);
                    ins.setInt(3, tf.feature[i]);
                    ins.setInt(4, tf.count[i]);
                    ins.setDouble(5, tf.mean[i]);
                    ins.endRow();
                }
            }
            ins.flush();
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
        // Made in primary-key order (feature, band from −1, rank), which is the order the rows are
        // inserted in, so SQLite appends to its B-tree instead of splitting pages.
        List<Request> all = new ArrayList<>();
        int bands = s.quantileBands();
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO band (feature, band, lo, hi, count) VALUES (?,?,?,?,?)")) {
            for (int f = 0; f < dSae; f++) {
                int c = top.sorted(f, win, pos, act);
                for (int r = 0; r < c; r++) {
                    all.add(new Request(f, IndexSchema.TOP_BAND, r, act[r], win[r], pos[r]));
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
                        all.add(new Request(f, b, r, act[r], win[r], pos[r]));
                    }
                }
                if (f % 1024 == 1023) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        // Each example's activations over its window, found in one more pass over the windows:
        // the requests grouped by window with a counting sort, byWindow[winStart[w] ..
        // winStart[w + 1]) being window w's.
        int maxWindow = all.stream().mapToInt(Request::window).max().orElse(-1);
        int[] winStart = new int[maxWindow + 2];
        for (Request q : all) {
            winStart[q.window + 1]++;
        }
        for (int w = 0; w <= maxWindow; w++) {
            winStart[w + 1] += winStart[w];
        }
        int[] fill = Arrays.copyOf(winStart, maxWindow + 1);
        int[] byWindow = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            byWindow[fill[all.get(i).window]++] = i;
        }
        byte[][] acts = new byte[all.size()][];
        WindowActs extract = new WindowActs(dSae);
        scan(genreIds, w -> {
            int id = w.id();
            if (id <= maxWindow && winStart[id] < winStart[id + 1]) {
                extract.collect(w.codes(), all, byWindow, winStart[id], winStart[id + 1], acts);
            }
        });
        try (MultiRowInsert ins = new MultiRowInsert(db, "example (feature, band, rank, act, window, pos, acts)", 7)) {
            for (int i = 0; i < all.size(); i++) {
                Request q = all.get(i);
                ins.setInt(1, q.feature);
                ins.setInt(2, q.band);
                ins.setInt(3, q.rank);
                ins.setDouble(4, q.act);
                ins.setInt(5, q.window);
                ins.setInt(6, q.pos);
                ins.setBytes(7, acts[i]);
                ins.endRow();
            }
            ins.flush();
        }
    }

    /**
     * Pulls the requested features' activations out of a window's codes in one pass over its
     * entries (no sort: entries come token by token, so each feature's positions come out
     * ascending). Only entries above zero count, as everywhere in the statistics.
     */
    private static final class WindowActs {
        /** Per feature id its slot among the window's requested features, or −1; reset after each window. */
        private final int[] slotOf;

        WindowActs(int dSae) {
            slotOf = new int[dSae];
            Arrays.fill(slotOf, -1);
        }

        /** Fills {@code out[i]} for the requests {@code all.get(i)}, i in {@code reqs[from..to)}, all of this window. */
        void collect(SparseCodes codes, List<Request> all, int[] reqs, int from, int to, byte[][] out) {
            int slots = 0;
            int[] features = new int[to - from];
            for (int r = from; r < to; r++) {
                Request q = all.get(reqs[r]);
                if (slotOf[q.feature] < 0) {
                    features[slots] = q.feature;
                    slotOf[q.feature] = slots++;
                }
            }
            int[] idx = codes.indices();
            float[] val = codes.values();
            int[] start = new int[slots + 1];
            for (int i = 0; i < idx.length; i++) {
                int sl = slotOf[idx[i]];
                if (sl >= 0 && val[i] > 0) {
                    start[sl + 1]++;
                }
            }
            for (int k = 0; k < slots; k++) {
                start[k + 1] += start[k];
            }
            int[] fill = Arrays.copyOf(start, slots);
            int[] pos = new int[start[slots]];
            float[] act = new float[start[slots]];
            for (int t = 0; t < codes.tokens(); t++) {
                for (int i = codes.start(t); i < codes.end(t); i++) {
                    int sl = slotOf[idx[i]];
                    if (sl >= 0 && val[i] > 0) {
                        pos[fill[sl]] = t;
                        act[fill[sl]++] = val[i];
                    }
                }
            }
            for (int r = from; r < to; r++) {
                int sl = slotOf[all.get(reqs[r]).feature];
                out[reqs[r]] = Blobs.sparseActs(pos, act, start[sl], start[sl + 1] - start[sl]);
            }
            for (int k = 0; k < slots; k++) {
                slotOf[features[k]] = -1;
            }
        }
    }
}
