package org.saescope.features;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Inserts rows {@link #ROWS} at a time with one multi-row {@code INSERT … VALUES (…),(…)…}
 * statement, the tail with a one-row statement. The index's big tables (hundreds of thousands of
 * rows) cost SQLite and the JDBC driver about 1.6 µs a row one at a time and 1.0 µs a row sixteen
 * at a time (measured on the token_feature table). Columns are set with {@link #setInt} etc. on
 * the current row, which {@link #endRow} closes.
 */
final class MultiRowInsert implements AutoCloseable {
    static final int ROWS = 16;
    /** Multi-row statements per JDBC batch. */
    private static final int BATCH = 256;

    private final Connection db;
    private final String head;
    private final int columns;
    private final PreparedStatement many;
    private PreparedStatement one;
    /** Pending rows' values, row-major, until {@link #ROWS} of them fill a statement. */
    private final Object[] pending;
    private int row;
    private int batched;

    /** {@code table(cols)} as in an INSERT, e.g. {@code "token_feature (token, rank, feature)"} with columns = 3. */
    MultiRowInsert(Connection db, String tableAndColumns, int columns) throws SQLException {
        this.db = db;
        this.columns = columns;
        this.head = "INSERT INTO " + tableAndColumns + " VALUES ";
        this.many = db.prepareStatement(head + String.join(",", java.util.Collections.nCopies(ROWS, tuple(columns))));
        this.pending = new Object[ROWS * columns];
    }

    private static String tuple(int columns) {
        return "(" + String.join(",", java.util.Collections.nCopies(columns, "?")) + ")";
    }

    void setInt(int column, int v) {
        pending[row * columns + column - 1] = v;
    }

    void setDouble(int column, double v) {
        pending[row * columns + column - 1] = v;
    }

    void setBytes(int column, byte[] v) {
        pending[row * columns + column - 1] = v;
    }

    /** Closes the current row; a full set of {@link #ROWS} goes into the batch. */
    void endRow() throws SQLException {
        if (++row < ROWS) {
            return;
        }
        bind(many, 0, ROWS);
        many.addBatch();
        row = 0;
        if (++batched % BATCH == 0) {
            many.executeBatch();
        }
    }

    /** Writes every row given so far. */
    void flush() throws SQLException {
        many.executeBatch();
        if (row > 0) {
            if (one == null) {
                one = db.prepareStatement(head + tuple(columns));
            }
            for (int r = 0; r < row; r++) {
                bind(one, r, 1);
                one.addBatch();
            }
            one.executeBatch();
            row = 0;
        }
    }

    private void bind(PreparedStatement ps, int fromRow, int rows) throws SQLException {
        for (int i = 0; i < rows * columns; i++) {
            Object v = pending[fromRow * columns + i];
            if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (v instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                ps.setBytes(i + 1, (byte[]) v);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            many.close();
        } finally {
            if (one != null) {
                one.close();
            }
        }
    }
}
