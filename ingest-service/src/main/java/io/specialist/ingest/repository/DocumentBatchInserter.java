package io.specialist.ingest.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;

/**
 * Inserts new document rows as plain JDBC batches on the current transaction's connection. Hibernate's
 * persist and flush of one managed entity per row (entity entries, snapshots, a dirty check of every row
 * at each flush and again at commit) cost several times the database's own insert work at 1 KB per row.
 * The rows are not managed afterwards; reads go through {@link DocumentRepository} as before. Ids come from
 * the entity's own sequence generator, so rows written here and rows persisted through Hibernate never
 * share a {@code seq}. Constraint violations surface as Hibernate's {@code ConstraintViolationException}
 * ({@link Session#doWork} converts them), as they did from a flush.
 */
@ApplicationScoped
public class DocumentBatchInserter {

    static final String INSERT = "insert into document (seq, id, domain, kind, title, source, text, prompt, response,"
            + " sha256, bytes, split, ingested_at, published_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Rows per executeBatch: bounds the driver's buffered parameters when documents are large. */
    static final int ROWS_PER_EXECUTE = 200;

    private final EntityManager entityManager;

    public DocumentBatchInserter(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Assigns each row its {@code seq} and inserts them, in list order, within the current transaction. */
    public void insert(List<DocumentEntity> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Session session = entityManager.unwrap(Session.class);
        SharedSessionContractImplementor implementor = session.unwrap(SharedSessionContractImplementor.class);
        BeforeExecutionGenerator ids = (BeforeExecutionGenerator) implementor.getFactory().getMappingMetamodel()
                .getEntityDescriptor(DocumentEntity.class).getGenerator();
        for (DocumentEntity row : rows) {
            row.seq = ((Number) ids.generate(implementor, row, null, EventType.INSERT)).longValue();
        }
        session.doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                int pending = 0;
                for (DocumentEntity row : rows) {
                    bind(insert, row);
                    insert.addBatch();
                    if (++pending == ROWS_PER_EXECUTE) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
        });
    }

    private static void bind(PreparedStatement insert, DocumentEntity row) throws SQLException {
        insert.setLong(1, row.seq);
        insert.setString(2, row.id);
        insert.setString(3, row.domain);
        insert.setString(4, row.kind.wire());
        insert.setString(5, row.title);
        insert.setString(6, row.source);
        insert.setString(7, row.text);
        insert.setString(8, row.prompt);
        insert.setString(9, row.response);
        insert.setString(10, row.sha256);
        insert.setLong(11, row.bytes);
        insert.setString(12, row.split.wire());
        setInstant(insert, 13, row.ingestedAt);
        setInstant(insert, 14, row.publishedAt);
    }

    /** As Hibernate binds an {@link Instant} to {@code TIMESTAMP WITH TIME ZONE}: an offset date-time in UTC. */
    private static void setInstant(PreparedStatement insert, int index, Instant value) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            insert.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }
}
