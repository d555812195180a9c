package org.saescope.features;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;

/**
 * The SQLite schema of a feature index, version {@value #VERSION}; documented table by table in
 * {@code docs/formats/feature-index.md}. Change the DDL only together with that file and the version.
 */
final class IndexSchema {
    static final int VERSION = 1;
    static final String FORMAT = "saescope-feature-index";

    /** Build states recorded in {@code meta.state}. */
    static final String BUILDING = "building";
    static final String COMPLETE = "complete";

    private static final String[] DDL = {
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        // Stage 1 (streaming): every window of the corpus, its tokens and annotations.
        "CREATE TABLE window (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, part INTEGER NOT NULL,"
                + " genre TEXT, tokens BLOB NOT NULL, concepts BLOB)",
        // Stage 1: the SAE's sparse codes of each window; dropped once the statistics are written.
        "CREATE TABLE window_codes (window INTEGER PRIMARY KEY, codes BLOB NOT NULL)",
        "CREATE TABLE token (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
        "CREATE INDEX token_text ON token(text)",
        "CREATE TABLE concept (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
                + " token_count INTEGER NOT NULL DEFAULT 0)",
        // Stage 2 (statistics).
        "CREATE TABLE feature (id INTEGER PRIMARY KEY, fire_count INTEGER NOT NULL, density REAL NOT NULL,"
                + " max_act REAL NOT NULL, mean_act REAL NOT NULL, histogram TEXT NOT NULL)",
        "CREATE INDEX feature_density ON feature(density)",
        "CREATE INDEX feature_fire_count ON feature(fire_count)",
        "CREATE INDEX feature_max_act ON feature(max_act)",
        "CREATE INDEX feature_mean_act ON feature(mean_act)",
        "CREATE TABLE example (feature INTEGER NOT NULL, band INTEGER NOT NULL, rank INTEGER NOT NULL,"
                + " act REAL NOT NULL, window INTEGER NOT NULL, pos INTEGER NOT NULL, acts BLOB NOT NULL,"
                + " PRIMARY KEY (feature, band, rank)) WITHOUT ROWID",
        "CREATE TABLE band (feature INTEGER NOT NULL, band INTEGER NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL,"
                + " count INTEGER NOT NULL, PRIMARY KEY (feature, band)) WITHOUT ROWID",
        "CREATE TABLE logit (feature INTEGER NOT NULL, sign INTEGER NOT NULL, rank INTEGER NOT NULL,"
                + " token INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (feature, sign, rank)) WITHOUT ROWID",
        "CREATE TABLE neighbour (feature INTEGER NOT NULL, rank INTEGER NOT NULL, other INTEGER NOT NULL,"
                + " cosine REAL NOT NULL, PRIMARY KEY (feature, rank)) WITHOUT ROWID",
        "CREATE TABLE concept_match (feature INTEGER NOT NULL, rank INTEGER NOT NULL, concept INTEGER NOT NULL,"
                + " tp INTEGER NOT NULL, precision REAL NOT NULL, recall REAL NOT NULL, f1 REAL NOT NULL,"
                + " PRIMARY KEY (feature, rank)) WITHOUT ROWID",
        "CREATE INDEX concept_match_concept ON concept_match(concept, f1)",
        "CREATE TABLE token_feature (token INTEGER NOT NULL, rank INTEGER NOT NULL, feature INTEGER NOT NULL,"
                + " count INTEGER NOT NULL, mean_act REAL NOT NULL, PRIMARY KEY (token, rank)) WITHOUT ROWID",
    };

    /** Band number of the top examples in {@code example}; quantile bands are 0..B−1. */
    static final int TOP_BAND = -1;

    private IndexSchema() {
    }

    static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
    }

    /**
     * WAL for the build: a kill -9 leaves the last committed batch intact, and readers never block the writer.
     * The WAL is copied back into the file every {@link #BUILD_CHECKPOINT_PAGES} pages rather than SQLite's
     * default 1000 (4 MB): each checkpoint syncs the file twice, and at the default they cost the demo's
     * stage 1 about 5% of its time (commits 0.33 s vs 0.10 s of 6.5 s); the build ends with a checkpoint anyway.
     */
    static void buildPragmas(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA foreign_keys=OFF");
            s.execute("PRAGMA wal_autocheckpoint=" + BUILD_CHECKPOINT_PAGES);
        }
    }

    /**
     * Loads SQLite's native library and JDBC classes (an in-memory connection), which costs a new
     * JVM about 0.2 s on the first connection; a build does this beside its other preparations.
     */
    static void warmUp() {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:")) {
            c.getMetaData();
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite cannot open an in-memory database: " + e.getMessage(), e);
        }
    }

    /** Pages (4 KiB by default) the WAL may hold before a checkpoint during a build: 64 MiB. */
    static final int BUILD_CHECKPOINT_PAGES = 16384;
}
