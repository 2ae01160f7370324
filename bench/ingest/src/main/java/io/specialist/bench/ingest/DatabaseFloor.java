package io.specialist.bench.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The database's own speed at the ingest transaction's core: the same 1 KB document rows inserted into the
 * app's {@code document} table (all its indexes, already holding every row of the run) by a plain JDBC
 * loop on one thread, 1,000 rows per transaction, nothing else running. Ids and hashes are computed before
 * the clock starts, so this is the ceiling the storage step puts on ingest, not a figure for the app.
 */
final class DatabaseFloor {

    static final int ROWS_PER_TRANSACTION = 1000;
    /** Rounds of {@code count} rows; the best one is reported (the first ones warm the JIT in this JVM). */
    static final int ROUNDS = 5;
    /** As the app's inserter: rows per executeBatch. */
    static final int ROWS_PER_EXECUTE = 200;
    private static final String INSERT = "insert into document (seq, id, domain, kind, title, source, text, prompt,"
            + " response, sha256, bytes, split, ingested_at, published_at)"
            + " values (?, ?, ?, 'document', null, null, ?, null, null, ?, ?, 'train', ?, null)";

    private DatabaseFloor() {
    }

    /** The best round: its documents per second, and the CPU it spent per document (the insert loop only). */
    record Result(double docsPerSecond, String cpuPerDocument) {
    }

    /** The bare loop over {@code count} rows of {@code size} bytes, {@value #ROUNDS} times; the fastest round. */
    static Result measure(String url, String user, String password, int size, int count) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false);
            long seq = maxSeq(connection) + 1_000_000;
            Result best = null;
            for (int round = 0; round < ROUNDS; round++) {
                String domain = "floor-" + UUID.randomUUID().toString().substring(0, 8);
                List<Row> rows = rows(domain, seq, size, count);
                seq += count;
                CpuClock cpu = CpuClock.now(-1);
                long start = System.nanoTime();
                insert(connection, rows);
                double rate = count / ((System.nanoTime() - start) / 1e9);
                if (best == null || rate > best.docsPerSecond()) {
                    best = new Result(rate, CpuClock.now(-1).perDocument(cpu, count));
                }
            }
            return best;
        }
    }

    private static void insert(Connection connection, List<Row> rows) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                insert.setLong(1, row.seq());
                insert.setString(2, row.id());
                insert.setString(3, row.domain());
                insert.setString(4, row.text());
                insert.setString(5, row.sha256());
                insert.setLong(6, row.text().length());
                insert.setObject(7, now);
                insert.addBatch();
                if ((i + 1) % ROWS_PER_EXECUTE == 0 || i + 1 == rows.size()) {
                    insert.executeBatch();
                }
                if ((i + 1) % ROWS_PER_TRANSACTION == 0 || i + 1 == rows.size()) {
                    connection.commit();
                }
            }
        }
    }

    private static List<Row> rows(String domain, long firstSeq, int size, int count) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        List<Row> rows = new ArrayList<>(count);
        long millis = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            String text = IngestBench.text(i, size);
            // Time-ordered ids, as the app's (milliseconds first, then the row's index).
            String id = new UUID((millis << 20) | i, UUID.randomUUID().getLeastSignificantBits()).toString();
            rows.add(new Row(firstSeq + i, id, domain, text,
                    HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)))));
        }
        return rows;
    }

    private static long maxSeq(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select coalesce(max(seq), 0) from document")) {
            result.next();
            return result.getLong(1);
        }
    }

    private record Row(long seq, String id, String domain, String text, String sha256) {
    }
}
