package org.saescope.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.saescope.lm.LanguageModel;
import org.saescope.sae.Sae;
import org.saescope.sae.SparseCodes;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.TorchThreads;

/**
 * Builds a feature index (docs/formats/feature-index.md): one streaming pass of the model and the
 * SAE over a corpus, then the per-feature statistics.
 *
 * <p>Stage 1 runs the model over each context window up to the SAE's hook, encodes the activations
 * with the SAE in blocks of about {@link IndexSettings#blockTokens()} tokens, and commits each block
 * — windows, their sparse codes, new token strings and the position reached (document, window) —
 * in one transaction ({@link BlockWriter}: the SAE and the writes of one block overlap the model's
 * run over the next). Blocks are cut at the same places in every run, so a build that was cancelled
 * or killed resumes after its last committed block and encodes exactly what an uninterrupted build
 * would. Stage 2 ({@link FeatureStatistics}, {@link WeightStatistics}) is a deterministic function
 * of the stored rows and the weights, written in one transaction together with the state
 * {@code complete}; the raw codes are then dropped and the file compacted.
 *
 * <p>A fresh build that fails (bad input met on the way, an internal error) leaves no file behind;
 * a cancelled or killed one stays as a resumable file whose state is {@code building}, which
 * {@link FeatureIndex#open} refuses.
 */
public final class FeatureIndexBuilder {
    /** What a build reports as it goes; all methods are called on the building thread. */
    public interface Listener {
        default void stage(String description) {
        }

        /** After each block of stage 1 has run through the model (a writer thread then encodes and commits it). */
        default void progress(long documentsDone, long documentsTotal, long tokensDone, double tokensPerSecond,
                              double etaSeconds) {
        }
    }

    /** The model, SAE and corpus of a build, with the names recorded in the index. */
    public record Sources(LanguageModel model, String modelName, Sae sae, String saeName, Path corpus) {
    }

    /**
     * What a finished build did.
     *
     * @param tokensPerSecond stage 1 throughput (model + SAE + writes) of this run
     */
    public record Result(Path index, long documents, long emptyDocuments, long windows, long tokens, boolean resumed,
                         double stage1Seconds, double totalSeconds, double tokensPerSecond) {
    }

    private static final Listener SILENT = new Listener() {
    };

    private FeatureIndexBuilder() {
    }

    public static Result build(Sources src, Path out, IndexSettings settings, BooleanSupplier cancelled, Listener listener) {
        Listener l = listener == null ? SILENT : listener;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        long t0 = System.nanoTime();
        String hook = checkPair(src);
        if (src.model().tokenizer() == null) {
            throw new BadInputException(null, "the model has no tokenizer, so the index cannot show token strings");
        }
        int bos = Boolean.TRUE.equals(src.sae().config().prependBos()) ? src.model().config().eosTokenId() : -1;
        int needed = settings.context() + (bos >= 0 ? 1 : 0);
        if (needed > src.model().config().contextLength()) {
            throw new BadInputException(null, "--context " + settings.context() + (bos >= 0 ? " plus BOS" : "")
                    + " exceeds the model's context length " + src.model().config().contextLength());
        }
        // Single-threaded preparations, each about 0.1 s in a fresh JVM (cold code): loading SQLite
        // (0.2 s) runs beside the hashes and the document count.
        ExecutorService side = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "saescope-index-prepare");
            t.setDaemon(true);
            return t;
        });
        Map<String, String> identity;
        long documentsTotal;
        try {
            Future<?> sqlite = side.submit(IndexSchema::warmUp);
            String corpusSha = org.saescope.sae.Sae.sha256Of(src.corpus());
            documentsTotal = CorpusWindows.countDocuments(src.corpus(), src.model().tokenizer(), settings.context());
            src.sae().weightsSha256(); // cached for identity()
            await(sqlite);
            identity = identity(src, hook, corpusSha, settings, bos);
        } finally {
            side.shutdown();
            awaitQuietly(side);
        }

        boolean fresh = !Files.exists(out);
        Connection db = null;
        boolean done = false;
        try {
            db = fresh ? create(out, identity, settings) : resume(out, identity);
            Map<String, String> meta = readMeta(db);
            IndexSettings used = settings.withBlockTokens(Integer.parseInt(meta.get("block_tokens")));
            l.stage(fresh ? "indexing " + documentsTotal + " documents" : "resuming at document " + meta.get("next_doc")
                    + " of " + documentsTotal);
            long s1 = System.nanoTime();
            Streamed streamed = streamWindows(db, src, hook, bos, used, meta, documentsTotal, stop, l);
            double stage1 = (System.nanoTime() - s1) / 1e9;
            finish(db, src, used, streamed.documents(), stop, l, streamed.windows());
            Map<String, String> end = readMeta(db);
            db.close();
            db = null;
            l.stage("compacting");
            compact(out);
            done = true;
            // The total includes the compaction: it is part of what a user waits for.
            return new Result(out, streamed.documents(), Long.parseLong(end.get("empty_documents")),
                    Long.parseLong(end.get("windows_done")), Long.parseLong(end.get("tokens_done")),
                    !fresh, stage1, (System.nanoTime() - t0) / 1e9, streamed.tokensThisRun() / Math.max(stage1, 1e-9));
        } catch (SQLException e) {
            throw new IllegalStateException(out + ": SQLite: " + e.getMessage(), e);
        } finally {
            closeQuietly(db);
            boolean cancel = Thread.currentThread().isInterrupted() || stop.getAsBoolean();
            if (!done && fresh && !cancel) {
                deleteIndexFiles(out);
            }
        }
    }

    /** The SAE's hook, after checking the model has it with the SAE's width. */
    static String checkPair(Sources src) {
        Sae sae = src.sae();
        String hook = sae.config().hookName();
        Path saeFile = sae.weightsFile();
        if (hook == null) {
            throw new BadInputException(saeFile, "names no hook_name, so SAEscope cannot tell where in the model it reads");
        }
        int width;
        try {
            width = src.model().hookWidth(hook);
        } catch (BadInputException e) {
            throw new BadInputException(saeFile, "reads hook " + hook + ", which the model lacks: " + e.getMessage(), e);
        }
        if (width != sae.config().dIn()) {
            throw new BadInputException(saeFile, "d_in " + sae.config().dIn() + " differs from the width " + width
                    + " of hook " + hook + " in the model " + src.modelName());
        }
        return hook;
    }

    /** The meta entries a resumed build must match. */
    private static Map<String, String> identity(Sources src, String hook, String corpusSha, IndexSettings s, int bos) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sae_sha256", src.sae().weightsSha256());
        m.put("sae", src.saeName());
        m.put("sae_hook", hook);
        m.put("sae_architecture", src.sae().config().architecture().name().toLowerCase(java.util.Locale.ROOT));
        m.put("d_in", Integer.toString(src.sae().config().dIn()));
        m.put("d_sae", Integer.toString(src.sae().config().dSae()));
        m.put("model", src.modelName());
        var mc = src.model().config();
        m.put("model_type", mc.modelType());
        m.put("model_shape", mc.nLayers() + "x" + mc.dModel() + ", vocab " + mc.vocabSize());
        m.put("corpus", src.corpus().toString().replace('\\', '/'));
        m.put("corpus_sha256", corpusSha);
        m.put("context", Integer.toString(s.context()));
        m.put("top_n", Integer.toString(s.topN()));
        m.put("quantile_bands", Integer.toString(s.quantileBands()));
        m.put("quantile_per_band", Integer.toString(s.perBand()));
        m.put("histogram_bins", Integer.toString(s.histogramBins()));
        m.put("seed", Long.toString(s.seed()));
        m.put("bos_token", Integer.toString(bos));
        return m;
    }

    private static Connection create(Path out, Map<String, String> identity, IndexSettings s) throws SQLException {
        Connection db = IndexSchema.connect(out);
        try {
            IndexSchema.buildPragmas(db);
            db.setAutoCommit(false);
            IndexSchema.create(db);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", IndexSchema.FORMAT);
            meta.put("schema_version", Integer.toString(IndexSchema.VERSION));
            meta.put("state", IndexSchema.BUILDING);
            meta.putAll(identity);
            meta.put("block_tokens", Integer.toString(s.blockTokens()));
            meta.put("next_doc", "0");
            meta.put("next_part", "0");
            meta.put("windows_done", "0");
            meta.put("tokens_done", "0");
            writeMeta(db, meta);
            db.commit();
            return db;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    private static Connection resume(Path out, Map<String, String> identity) throws SQLException {
        if (!Files.isRegularFile(out)) {
            throw new BadInputException(out, "exists and is not a file");
        }
        Connection db = IndexSchema.connect(out);
        try {
            Map<String, String> meta;
            try {
                meta = readMeta(db);
            } catch (SQLException e) {
                throw new BadInputException(out, "exists and is not a SAEscope feature index; refusing to overwrite it");
            }
            if (!IndexSchema.FORMAT.equals(meta.get("format"))) {
                throw new BadInputException(out, "exists and is not a SAEscope feature index; refusing to overwrite it");
            }
            if (!Integer.toString(IndexSchema.VERSION).equals(meta.get("schema_version"))) {
                throw new BadInputException(out, "is a partial index of schema version " + meta.get("schema_version")
                        + "; this SAEscope writes version " + IndexSchema.VERSION + ": delete it and build again");
            }
            if (IndexSchema.COMPLETE.equals(meta.get("state"))) {
                throw new BadInputException(out, "is already a complete index; delete it or choose another --out");
            }
            for (Map.Entry<String, String> e : identity.entrySet()) {
                if (e.getKey().equals("sae") || e.getKey().equals("corpus")) {
                    continue; // names only; the sha256 entries identify them
                }
                if (!e.getValue().equals(meta.get(e.getKey()))) {
                    throw new BadInputException(out, "is a partial build with " + e.getKey() + " = " + meta.get(e.getKey())
                            + ", but this run has " + e.getValue() + "; resume it with the same model, SAE, corpus and"
                            + " settings, or delete it to start over");
                }
            }
            IndexSchema.buildPragmas(db);
            db.setAutoCommit(false);
            return db;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    /**
     * What stage 1 did: documents in the corpus (as read, whatever the count for progress said),
     * tokens it encoded in this run, and every window decoded when it kept them (else null).
     */
    private record Streamed(long documents, long tokensThisRun, List<StoredWindow> windows) {
    }

    private static Streamed streamWindows(Connection db, Sources src, String hook, int bos, IndexSettings s,
                                          Map<String, String> meta, long documentsTotal, BooleanSupplier stop, Listener l)
            throws SQLException {
        int nextDoc = Integer.parseInt(meta.get("next_doc"));
        int nextPart = Integer.parseInt(meta.get("next_part"));
        int vocab = src.model().config().vocabSize();
        long start = System.nanoTime();
        int docsAtStart = nextDoc;
        long tokensDone;
        long tokensThisRun;
        List<StoredWindow> decoded;
        long documents;
        int torchThreadsBefore = TorchThreads.setForThisThread(BlockWriter.TORCH_THREADS);
        try (BlockWriter w = new BlockWriter(db, src, hook, bos, Long.parseLong(meta.get("windows_done")),
                Long.parseLong(meta.get("tokens_done")));
             CorpusWindows cw = CorpusWindows.open(src.corpus(), src.model().tokenizer(), s.context())) {
            int doc = 0;
            List<CorpusWindows.Window> windows;
            while ((windows = cw.nextDocument(doc < nextDoc)) != null) {
                int thisDoc = doc++;
                for (CorpusWindows.Window win : windows) {
                    if (thisDoc == nextDoc && win.part() < nextPart) {
                        continue;
                    }
                    if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                        // Pending windows are dropped, not flushed: blocks must end where an uninterrupted run ends them.
                        throw new CancellationException("index build cancelled; run the same command again to resume");
                    }
                    for (int t : win.tokens()) {
                        if (t >= vocab) {
                            throw new BadInputException(src.corpus(), "document " + (thisDoc + 1) + " has token id " + t
                                    + ", outside the model's vocabulary of " + vocab + " (was it prepared with another tokenizer?)");
                        }
                    }
                    w.add(win);
                    if (w.pendingTokens() >= s.blockTokens()) {
                        w.flush(thisDoc, win.part() + 1, windows.size());
                        double secs = (System.nanoTime() - start) / 1e9;
                        long docsThisRun = thisDoc + 1 - docsAtStart;
                        double eta = docsThisRun <= 0 ? Double.NaN : secs / docsThisRun * (documentsTotal - thisDoc - 1);
                        l.progress(thisDoc, documentsTotal, w.tokensAtStart() + w.tokensHandedOver(),
                                w.tokensHandedOver() / Math.max(secs, 1e-9), eta);
                    }
                }
            }
            w.flush(doc - 1, 0, 0);
            documents = doc;
            w.finish();
            tokensDone = w.tokensDone();
            tokensThisRun = w.tokensDone() - w.tokensAtStart();
            decoded = w.windowsInMemory();
            l.progress(documents, documents, tokensDone, tokensThisRun / Math.max((System.nanoTime() - start) / 1e9, 1e-9), 0);
        } finally {
            TorchThreads.setForThisThread(torchThreadsBefore);
        }
        if (tokensDone == 0) {
            throw new BadInputException(src.corpus(), "has no tokens to index (every document is empty)");
        }
        return new Streamed(documents, tokensThisRun, decoded);
    }

    /** Stage 2, in one transaction with the state change, so it is all there or not at all. */
    private static void finish(Connection db, Sources src, IndexSettings s, long documentsTotal, BooleanSupplier stop,
                               Listener l, List<StoredWindow> windows) throws SQLException {
        try (Statement st = db.createStatement()) {
            for (String t : List.of("feature", "band", "example", "logit", "neighbour", "concept_match", "token_feature")) {
                st.execute("DELETE FROM " + t);
            }
        }
        int dSae = src.sae().config().dSae();
        int dIn = src.sae().config().dIn();
        float[] wDec = src.sae().wDec();
        // The weight statistics need no stored rows: they run on their own thread while the
        // feature statistics write their rows here, filling the cores those serial SQLite writes
        // leave idle (started earlier, they would only compete with the statistics' parallel
        // scans). finally waits for them: they use the model, which the caller may close as soon
        // as this returns.
        AtomicBoolean abandon = new AtomicBoolean();
        IntConsumer checkpoint = rows -> {
            if (abandon.get() || stop.getAsBoolean()) {
                throw new CancellationException("index build cancelled; run the same command again to resume");
            }
        };
        ExecutorService weights = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "saescope-index-weights");
            t.setDaemon(true);
            return t;
        });
        WeightStatistics.Neighbours nb;
        WeightStatistics.Logits lg;
        try {
            FutureTask<WeightStatistics.Neighbours> nbDone = new FutureTask<>(
                    () -> WeightStatistics.neighbours(wDec, dSae, dIn, 10, checkpoint));
            FutureTask<WeightStatistics.Logits> lgDone = new FutureTask<>(
                    () -> WeightStatistics.logits(src.model(), wDec, dSae, dIn, 10, checkpoint));
            l.stage("feature statistics");
            FeatureStatistics stats = new FeatureStatistics(db, dSae, s, stop);
            if (windows != null) {
                stats.useWindows(windows);
            }
            stats.computeAndWrite(() -> {
                weights.execute(nbDone);
                weights.execute(lgDone);
            });
            l.stage("decoder neighbours");
            nb = await(nbDone);
            l.stage("logit effects");
            lg = await(lgDone);
        } finally {
            abandon.set(true);
            weights.shutdown();
            awaitQuietly(weights);
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO neighbour (feature, rank, other, cosine) VALUES (?,?,?,?)")) {
            for (int f = 0; f < dSae; f++) {
                for (int r = 0; r < nb.k(); r++) {
                    ps.setInt(1, f);
                    ps.setInt(2, r);
                    ps.setInt(3, nb.ids()[f * nb.k() + r]);
                    ps.setDouble(4, nb.cosines()[f * nb.k() + r]);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        if (stop.getAsBoolean()) {
            throw new CancellationException("index build cancelled; run the same command again to resume");
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO logit (feature, sign, rank, token, value) VALUES (?,?,?,?,?)")) {
            for (int f = 0; f < dSae; f++) {
                for (int r = 0; r < lg.k(); r++) {
                    for (int sign : new int[] {1, -1}) {
                        ps.setInt(1, f);
                        ps.setInt(2, sign);
                        ps.setInt(3, r);
                        ps.setInt(4, (sign > 0 ? lg.posTokens() : lg.negTokens())[f * lg.k() + r]);
                        ps.setDouble(5, (sign > 0 ? lg.posValues() : lg.negValues())[f * lg.k() + r]);
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
        // Logit tokens need their strings too.
        try (PreparedStatement tok = db.prepareStatement("INSERT OR IGNORE INTO token (id, text) VALUES (?,?)")) {
            Set<Integer> ids = new HashSet<>();
            for (int[] a : new int[][] {lg.posTokens(), lg.negTokens()}) {
                for (int t : a) {
                    ids.add(t);
                }
            }
            for (int t : ids) {
                tok.setInt(1, t);
                tok.setString(2, src.model().tokenizer().decode(new int[] {t}));
                tok.addBatch();
            }
            tok.executeBatch();
        }
        long docsWithTokens;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT doc) FROM window")) {
            docsWithTokens = rs.next() ? rs.getLong(1) : 0;
        }
        l.stage("committing");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("documents_total", Long.toString(documentsTotal));
        meta.put("empty_documents", Long.toString(documentsTotal - docsWithTokens));
        meta.put("state", IndexSchema.COMPLETE);
        writeMeta(db, meta);
        try (Statement st = db.createStatement()) {
            st.execute("DELETE FROM window_codes");
        }
        if (stop.getAsBoolean()) {
            db.rollback();
            throw new CancellationException("index build cancelled; run the same command again to resume");
        }
        db.commit();
    }

    /**
     * The task's result, with its own exception rethrown as it was (bad input, cancellation,
     * internal error; an SQLite failure as an unchecked one).
     */
    static <T> T await(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("index build interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            if (c instanceof SQLException sql) {
                throw new IllegalStateException("SQLite: " + sql.getMessage(), sql);
            }
            throw new IllegalStateException(c);
        }
    }

    /** Waits for a shut-down executor's last task, keeping this thread's interrupt status. */
    static void awaitQuietly(ExecutorService ex) {
        boolean interrupted = false;
        while (true) {
            try {
                if (ex.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shrinks the finished file and leaves it as one self-contained file (no -wal beside it). */
    private static void compact(Path out) throws SQLException {
        try (Connection db = IndexSchema.connect(out); Statement st = db.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            st.execute("VACUUM");
            st.execute("PRAGMA journal_mode=DELETE");
        }
    }

    static Map<String, String> readMeta(Connection db) throws SQLException {
        Map<String, String> m = new LinkedHashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    static void writeMeta(Connection db, Map<String, String> entries) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void closeQuietly(Connection db) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // closing after a failure: the failure is what gets reported
            }
        }
    }

    static void deleteIndexFiles(Path out) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            try {
                Files.deleteIfExists(Path.of(out + suffix));
            } catch (IOException ignored) {
                // best effort; the caller reports the original failure
            }
        }
    }
}
