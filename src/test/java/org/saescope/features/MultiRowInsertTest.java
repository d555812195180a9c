package org.saescope.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full statements of sixteen rows, the one-row tail, and every column type, read back in order. */
class MultiRowInsertTest {
    @TempDir
    Path tmp;

    @Test
    void everyRowArrivesWithItsValuesWhateverTheRowCount() throws Exception {
        for (int rows : new int[] {0, 1, 15, 16, 17, 16 * 256 + 37}) {
            try (Connection db = IndexSchema.connect(tmp.resolve("m" + rows + ".sqlite"))) {
                try (Statement st = db.createStatement()) {
                    st.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b REAL, c BLOB)");
                }
                db.setAutoCommit(false);
                try (MultiRowInsert ins = new MultiRowInsert(db, "t (a, b, c)", 3)) {
                    for (int i = 0; i < rows; i++) {
                        ins.setInt(1, i);
                        ins.setDouble(2, i / 3.0);
                        ins.setBytes(3, new byte[] {(byte) i, (byte) (i >> 8)});
                        ins.endRow();
                    }
                    ins.flush();
                }
                db.commit();
                List<String> got = new ArrayList<>();
                try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT a, b, c FROM t ORDER BY a")) {
                    while (rs.next()) {
                        byte[] c = rs.getBytes(3);
                        got.add(rs.getInt(1) + "/" + rs.getDouble(2) + "/" + (c[0] & 0xFF | (c[1] & 0xFF) << 8));
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    expected.add(i + "/" + (i / 3.0) + "/" + (i & 0xFFFF));
                }
                assertThat(got).as("%d rows", rows).isEqualTo(expected);
            }
        }
    }
}
