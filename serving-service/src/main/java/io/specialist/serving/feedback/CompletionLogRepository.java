package io.specialist.serving.feedback;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** The stored completions, by id. */
@ApplicationScoped
public class CompletionLogRepository implements PanacheRepositoryBase<CompletionLogEntity, String> {

    /** Stores a batch in one transaction; ids already stored (a retried batch) are skipped. */
    @Transactional
    public void store(Collection<CompletionRecord> records) {
        for (CompletionRecord r : records) {
            if (findById(r.id()) == null) {
                persist(CompletionLogEntity.of(r));
            }
        }
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
