package io.specialist.serving.feedback;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** The stored completions, by id. */
@ApplicationScoped
public class CompletionLogRepository implements PanacheRepositoryBase<CompletionLogEntity, String> {

    private static final String INSERT =
            "INSERT INTO completion_log (id, model_version, prompt, completion, created_at) VALUES (?, ?, ?, ?, ?)";
    /** Ids per existence query: well below every database's limit on bind parameters. */
    private static final int IDS_PER_QUERY = 500;

    private final DataSource dataSource;

    public CompletionLogRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a batch in one transaction; ids already stored (a batch retried after a commit whose outcome
     * was unknown) are skipped. Plain batched JDBC: an entity lookup and persist per row cost about 2 ms of
     * CPU per completion, a busy server's worth of cores.
     */
    @Transactional
    public void store(Collection<CompletionRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Set<String> stored = existing(connection, records.stream().map(CompletionRecord::id).toList());
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (CompletionRecord r : records) {
                    if (stored.add(r.id())) {
                        insert.setString(1, r.id());
                        insert.setString(2, r.modelVersion());
                        insert.setString(3, r.prompt());
                        insert.setString(4, r.completion());
                        insert.setObject(5, r.createdAt().atOffset(ZoneOffset.UTC));
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store " + records.size() + " completions: " + e.getMessage(), e);
        }
    }

    private static Set<String> existing(Connection connection, List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            String sql = "SELECT id FROM completion_log WHERE id IN (" + "?,".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
        }
        return found;
    }

    @Transactional
    public Optional<CompletionRecord> find(String id) {
        return findByIdOptional(id).map(CompletionLogEntity::toRecord);
    }

    /** Deletes completions created before {@code cutoff}; returns how many. */
    @Transactional
    public long purgeBefore(Instant cutoff) {
        return delete("createdAt < ?1", cutoff);
    }
}
