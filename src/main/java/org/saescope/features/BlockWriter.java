package org.saescope.features;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.saescope.sae.SparseCodes;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.TorchThreads;

/**
 * Stage 1's blocks: collects a block's windows, runs the model over them (a few batched forwards,
 * not one per window), then encodes them with the SAE and commits windows, codes and the position
 * reached in one transaction.
 *
 * <p>The two halves overlap: while a writer thread encodes and commits block b, the building
 * thread already runs the model over block b + 1. Both are CPU work on small matrices that scale
 * badly over two threads each, so running them side by side uses the cores better than running
 * each on both cores in turn. At most one block waits for the writer, and blocks are committed in
 * order, so what is on disk after a kill is still a prefix of whole blocks, as before. Each side
 * gets half the cores for libtorch ({@link #TORCH_THREADS}): two teams of all the cores would
 * fight over them (on the 2-core reference machine the build took 7.0-8.0 s so, 6.7-7.3 s with one
 * libtorch thread each).
 */
final class BlockWriter implements AutoCloseable {
    /**
     * Tokens per batched model forward in stage 1. Each forward pays a fixed cost of some hundred
     * library calls, which dominated a small model's 64-token window (the demo: ≈ 50 µs per token
     * one window at a time, ≈ 14 µs batched). On the demo the cost per token was flat from 8 to 32
     * windows of 64 and rose at 64 windows, as the [tokens, d_mlp] intermediates outgrow the caches;
     * 1024 tokens also keeps a batch's activations to a few tens of MB for d_model in the thousands.
     */
    static final int FORWARD_TOKENS = 1024;

    /** libtorch intra-op threads of the building thread and of the writer while stage 1 runs. */
    static final int TORCH_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /** A block run through the model, waiting to be encoded and committed; then (doc, part) is next. */
    private record Forwarded(List<CorpusWindows.Window> windows, float[] acts, int tokens, int nextDoc, int nextPart) {
    }

    private final Connection db;
    private final FeatureIndexBuilder.Sources src;
    private final String hook;
    /** The BOS token prepended to every window (its row is not indexed), or −1. */
    private final int bos;
    private final int dIn;
    private final List<CorpusWindows.Window> pending = new ArrayList<>();
    private int pendingTokens;
    /** Tokens handed to the writer by this run (building thread). */
    private long tokensHandedOver;
    private final ExecutorService writer;
    private Future<?> inFlight;

    // Writer thread only, after the constructor.
    private long windowsDone;
    private long tokensDone;
    private final long tokensAtStart;
    private final Set<Integer> knownTokens = new HashSet<>();
    private final Map<String, Integer> concepts = new HashMap<>();
    /**
     * The windows committed so far, decoded, for stage 2 to use instead of reading them back: kept
     * only by a build that starts from the first window, and dropped once they pass the memory
     * budget of {@link FeatureStatistics#CACHE_ENTRIES} entries.
     */
    private List<StoredWindow> kept;
    private long keptEntries;

    BlockWriter(Connection db, FeatureIndexBuilder.Sources src, String hook, int bos, long windowsDone, long tokensDone)
            throws SQLException {
        this.db = db;
        this.src = src;
        this.hook = hook;
        this.bos = bos;
        this.dIn = src.sae().config().dIn();
        this.windowsDone = windowsDone;
        this.tokensDone = tokensDone;
        this.tokensAtStart = tokensDone;
        this.kept = windowsDone == 0 ? new ArrayList<>() : null;
        try (Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id FROM token")) {
                while (rs.next()) {
                    knownTokens.add(rs.getInt(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id, name FROM concept")) {
                while (rs.next()) {
                    concepts.put(rs.getString(2), rs.getInt(1));
                }
            }
        }
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                TorchThreads.setForThisThread(TORCH_THREADS);
                r.run();
            }, "saescope-index-writer");
            t.setDaemon(true);
            return t;
        });
    }

    int pendingTokens() {
        return pendingTokens;
    }

    /** Tokens this run has run through the model (committed, or about to be). */
    long tokensHandedOver() {
        return tokensHandedOver;
    }

    /** Tokens committed, this run and earlier ones; final once {@link #finish} returned. */
    long tokensDone() {
        return tokensDone;
    }

    /** Every window of the index, decoded, when this run wrote them all and they fitted the budget; else null. */
    List<StoredWindow> windowsInMemory() {
        return kept;
    }

    long tokensAtStart() {
        return tokensAtStart;
    }

    void add(CorpusWindows.Window w) {
        pendingTokens += w.tokens().length;
        pending.add(w);
    }

    /**
     * Ends the pending block: runs the model over it here and hands it to the writer, which
     * commits it with (doc, part) as the position reached. Waits first for the block before it,
     * rethrowing its failure.
     */
    void flush(int nextDoc, int nextPart, int partsInDoc) {
        if (nextPart >= partsInDoc) {
            nextDoc++;
            nextPart = 0;
        }
        Forwarded block = new Forwarded(List.copyOf(pending), forwardPending(), pendingTokens, nextDoc, nextPart);
        pending.clear();
        pendingTokens = 0;
        awaitInFlight();
        inFlight = writer.submit(() -> {
            commit(block);
            return null;
        });
        tokensHandedOver += block.tokens;
    }

    /** Waits until every handed-over block is committed, rethrowing a writer failure. */
    void finish() {
        awaitInFlight();
    }

    /** Lets a block in the writer's hands finish (a whole block is safe to keep), then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        FeatureIndexBuilder.awaitQuietly(writer);
    }

    /** Waits for the block in the writer's hands, rethrowing its failure; it stays in hand for {@link #close} if that throws. */
    private void awaitInFlight() {
        if (inFlight != null) {
            FeatureIndexBuilder.await(inFlight);
            inFlight = null;
        }
    }

    /**
     * The hook activations of the pending windows, in order, {@code [pendingTokens, dIn]}. Windows
     * go to the model longest first, in batches of about {@link #FORWARD_TOKENS} tokens, so the few
     * short ones (a document's last window) are padded to each other's length rather than to a full
     * window's. Batches never cross a block, so a resumed build forms the same batches as an
     * uninterrupted one and gets the same activations to the bit (a batch's shape can change the
     * last bits of a product).
     */
    private float[] forwardPending() {
        float[] acts = new float[pendingTokens * dIn];
        int n = pending.size();
        int[] offset = new int[n];
        Integer[] order = new Integer[n];
        int rows = 0;
        for (int i = 0; i < n; i++) {
            offset[i] = rows;
            rows += pending.get(i).tokens().length;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(pending.get(b).tokens().length, pending.get(a).tokens().length));
        int skip = bos >= 0 ? 1 : 0;
        for (int from = 0; from < n; ) {
            int longest = pending.get(order[from]).tokens().length + skip;
            int to = Math.min(n, from + Math.max(1, FORWARD_TOKENS / Math.max(longest, 1)));
            List<int[]> batch = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                batch.add(withBos(pending.get(order[k]).tokens()));
            }
            List<float[]> out = src.model().hookActivations(batch, hook);
            for (int k = from; k < to; k++) {
                int i = order[k];
                System.arraycopy(out.get(k - from), skip * dIn, acts, offset[i] * dIn, pending.get(i).tokens().length * dIn);
            }
            from = to;
        }
        return acts;
    }

    private int[] withBos(int[] tokens) {
        if (bos < 0) {
            return tokens;
        }
        int[] ids = new int[tokens.length + 1];
        ids[0] = bos;
        System.arraycopy(tokens, 0, ids, 1, tokens.length);
        return ids;
    }

    /** Writer thread: encodes a forwarded block and commits it with the position reached. */
    private void commit(Forwarded block) throws SQLException {
        SparseCodes codes = block.tokens == 0 ? null : src.sae().encode(block.acts, block.tokens);
        try (PreparedStatement win = db.prepareStatement(
                "INSERT INTO window (id, doc, part, genre, tokens, concepts) VALUES (?,?,?,?,?,?)");
             PreparedStatement cod = db.prepareStatement("INSERT INTO window_codes (window, codes) VALUES (?,?)");
             PreparedStatement tok = db.prepareStatement("INSERT INTO token (id, text) VALUES (?,?)");
             PreparedStatement con = db.prepareStatement("INSERT INTO concept (id, name, kind) VALUES (?,?,?)")) {
            int row = 0;
            for (CorpusWindows.Window w : block.windows) {
                int n = w.tokens().length;
                win.setLong(1, windowsDone);
                win.setInt(2, w.doc());
                win.setInt(3, w.part());
                win.setString(4, w.genre());
                win.setBytes(5, Blobs.ints(w.tokens()));
                int genre = w.genre() == null ? -1 : concept(con, "genre:" + w.genre(), "genre");
                int[] ids = null;
                if (w.posTags() != null) {
                    ids = new int[n];
                    for (int t = 0; t < n; t++) {
                        ids[t] = w.posTags()[t] == null ? Blobs.NO_CONCEPT : concept(con, "pos:" + w.posTags()[t], "pos");
                    }
                    win.setBytes(6, Blobs.shorts(ids));
                } else {
                    win.setNull(6, java.sql.Types.BLOB);
                }
                win.addBatch();
                cod.setLong(1, windowsDone);
                cod.setBytes(2, Blobs.codes(codes, row, n));
                cod.addBatch();
                for (int t : w.tokens()) {
                    if (knownTokens.add(t)) {
                        tok.setInt(1, t);
                        tok.setString(2, src.model().tokenizer().decode(new int[] {t}));
                        tok.addBatch();
                    }
                }
                keep(new StoredWindow((int) windowsDone, w.tokens(), ids, genre, codes.rows(row, n)));
                row += n;
                windowsDone++;
                tokensDone += n;
            }
            con.executeBatch();
            win.executeBatch();
            cod.executeBatch();
            tok.executeBatch();
        }
        Map<String, String> progress = new LinkedHashMap<>();
        progress.put("next_doc", Integer.toString(block.nextDoc));
        progress.put("next_part", Integer.toString(block.nextPart));
        progress.put("windows_done", Long.toString(windowsDone));
        progress.put("tokens_done", Long.toString(tokensDone));
        FeatureIndexBuilder.writeMeta(db, progress);
        db.commit();
    }

    private void keep(StoredWindow w) {
        if (kept == null) {
            return;
        }
        keptEntries += w.entries();
        if (keptEntries > FeatureStatistics.CACHE_ENTRIES) {
            kept = null;
        } else {
            kept.add(w);
        }
    }

    private int concept(PreparedStatement con, String name, String kind) throws SQLException {
        Integer id = concepts.get(name);
        if (id == null) {
            if (concepts.size() >= Blobs.NO_CONCEPT) {
                throw new BadInputException(src.corpus(), "has more than " + Blobs.NO_CONCEPT + " distinct tags");
            }
            id = concepts.size();
            concepts.put(name, id);
            con.setInt(1, id);
            con.setString(2, name);
            con.setString(3, kind);
            con.addBatch();
        }
        return id;
    }
}
