package org.saescope.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.saescope.tensor.BadInputException;

/**
 * Analysts' labels: per (SAE identity, feature) the current label, tags, notes, author and time,
 * and every earlier version. One SQLite file in the user's data directory ({@link #defaultFile()}),
 * in WAL mode with {@code synchronous=FULL}: each change is its own transaction, committed before
 * the call returns, so a label the app acknowledged survives a kill -9 the next instant.
 *
 * <p>Schema (version 1): {@code label(sae, feature, label, tags, notes, author, time)} keyed by
 * (sae, feature); {@code label_history(id, sae, feature, label, tags, notes, author, time)} with one
 * row per change; tags are stored one per line. Use from one thread at a time.
 */
public final class LabelStore implements AutoCloseable {
    /** System property, then environment variable, naming the data directory (tests, portable installs). */
    public static final String DIR_PROPERTY = "saescope.data.dir";
    public static final String DIR_ENV = "SAESCOPE_DATA_DIR";
    /** The store's file name inside the data directory (the CLI and the app open the same file). */
    public static final String FILE_NAME = "labels.sqlite";
    static final int VERSION = 1;

    private final Path file;
    private final Connection db;

    private LabelStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /**
     * {@code labels.sqlite} in the data directory: the {@value #DIR_PROPERTY} property or
     * {@value #DIR_ENV} variable if set, else {@code $XDG_DATA_HOME/saescope}, else
     * {@code ~/.local/share/saescope}.
     */
    public static Path defaultFile() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(DIR_ENV);
        }
        if (dir == null || dir.isBlank()) {
            String xdg = System.getenv("XDG_DATA_HOME");
            dir = xdg != null && !xdg.isBlank() ? Path.of(xdg, "saescope").toString()
                    : Path.of(System.getProperty("user.home"), ".local", "share", "saescope").toString();
        }
        return Path.of(dir, FILE_NAME);
    }

    public static LabelStore openDefault() {
        return open(defaultFile());
    }

    public static LabelStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot create its folder: " + e.getMessage(), e);
        }
        Connection db = null;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
                int v;
                try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                    v = rs.next() ? rs.getInt(1) : 0;
                }
                if (v == 0) {
                    st.execute("CREATE TABLE IF NOT EXISTS label (sae TEXT NOT NULL, feature INTEGER NOT NULL, label TEXT NOT NULL,"
                            + " tags TEXT NOT NULL, notes TEXT NOT NULL, author TEXT NOT NULL, time INTEGER NOT NULL,"
                            + " PRIMARY KEY (sae, feature))");
                    st.execute("CREATE TABLE IF NOT EXISTS label_history (id INTEGER PRIMARY KEY AUTOINCREMENT, sae TEXT NOT NULL,"
                            + " feature INTEGER NOT NULL, label TEXT NOT NULL, tags TEXT NOT NULL, notes TEXT NOT NULL,"
                            + " author TEXT NOT NULL, time INTEGER NOT NULL)");
                    st.execute("CREATE INDEX IF NOT EXISTS label_history_feature ON label_history(sae, feature, id)");
                    st.execute("PRAGMA user_version = " + VERSION);
                } else if (v != VERSION) {
                    throw new BadInputException(file, "is a label store of version " + v + "; this SAEscope reads version " + VERSION);
                }
            }
            return new LabelStore(file, db);
        } catch (SQLException e) {
            closeQuietly(db);
            throw new BadInputException(file, "cannot be opened as a label store: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Writes a label (and its history entry) and commits before returning. Returns what was stored. */
    public Label set(String saeSha256, int feature, String label, List<String> tags, String notes, String author) {
        Label l = new Label(saeSha256, feature, label, tags, notes, author, Instant.ofEpochMilli(System.currentTimeMillis()));
        putAll(List.of(l));
        return l;
    }

    /** Writes every label, each with a history entry, in one transaction (imports). */
    public void putAll(Collection<Label> labels) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement cur = db.prepareStatement("INSERT OR REPLACE INTO label (sae, feature, label, tags, notes, author, time)"
                    + " VALUES (?,?,?,?,?,?,?)");
                 PreparedStatement hist = db.prepareStatement("INSERT INTO label_history (sae, feature, label, tags, notes, author, time)"
                         + " VALUES (?,?,?,?,?,?,?)")) {
                for (Label l : labels) {
                    for (PreparedStatement ps : List.of(cur, hist)) {
                        ps.setString(1, l.saeSha256());
                        ps.setInt(2, l.feature());
                        ps.setString(3, l.label());
                        ps.setString(4, String.join("\n", l.tags()));
                        ps.setString(5, l.notes());
                        ps.setString(6, l.author());
                        ps.setLong(7, l.time().toEpochMilli());
                        ps.executeUpdate();
                    }
                }
            }
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure is reported
            }
            throw new IllegalStateException(file + ": SQLite: " + e.getMessage(), e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // connection is broken; the next call reports it
            }
        }
    }

    public Optional<Label> get(String saeSha256, int feature) {
        List<Label> l = query("SELECT sae, feature, label, tags, notes, author, time FROM label WHERE sae = ? AND feature = ?", saeSha256, feature);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Every version of a feature's label, oldest first. */
    public List<Label> history(String saeSha256, int feature) {
        return query("SELECT sae, feature, label, tags, notes, author, time FROM label_history WHERE sae = ? AND feature = ? ORDER BY id",
                saeSha256, feature);
    }

    /** All current labels of an SAE, by feature. */
    public List<Label> all(String saeSha256) {
        return query("SELECT sae, feature, label, tags, notes, author, time FROM label WHERE sae = ? ORDER BY feature", saeSha256);
    }

    /** Current labels whose label, tags or notes contain {@code text} (case-insensitive for ASCII), by feature. */
    public List<Label> search(String saeSha256, String text) {
        String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return query("SELECT sae, feature, label, tags, notes, author, time FROM label WHERE sae = ?"
                + " AND (label LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\') ORDER BY feature",
                saeSha256, like, like, like);
    }

    private List<Label> query(String sql, Object... params) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Label> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tags = rs.getString(4);
                    out.add(new Label(rs.getString(1), rs.getInt(2), rs.getString(3),
                            tags.isEmpty() ? List.of() : Arrays.asList(tags.split("\n")), rs.getString(5), rs.getString(6),
                            Instant.ofEpochMilli(rs.getLong(7))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": SQLite: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(db);
    }

    private static void closeQuietly(Connection db) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // nothing to do
            }
        }
    }
}
