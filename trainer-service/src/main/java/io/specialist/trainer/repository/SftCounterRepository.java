package io.specialist.trainer.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;

/** The per-domain counters of instruction examples and the ids already counted. */
@ApplicationScoped
public class SftCounterRepository implements PanacheRepositoryBase<SftDomainCounterEntity, String> {

    /**
     * Counts example {@code documentId} of {@code domain} unless it was counted before; returns the domain's
     * examples since its last trigger either way. Call inside a transaction.
     */
    public long count(String documentId, String domain, Instant now) {
        var em = getEntityManager();
        SftDomainCounterEntity counter = findByIdOptional(domain, LockModeType.PESSIMISTIC_WRITE).orElse(null);
        if (em.find(SftExampleSeenEntity.class, documentId) != null) {
            return counter == null ? 0 : counter.newExamples;
        }
        SftExampleSeenEntity seen = new SftExampleSeenEntity();
        seen.documentId = documentId;
        seen.domain = domain;
        seen.seenAt = now;
        em.persist(seen);
        if (counter == null) {
            counter = new SftDomainCounterEntity();
            counter.domain = domain;
            persist(counter);
        }
        counter.newExamples++;
        counter.totalExamples++;
        flush();
        return counter.newExamples;
    }

    /** Takes {@code examples} off the domain's count once a job was triggered for them. Call inside a transaction. */
    public void triggered(String domain, long examples, Instant now) {
        findByIdOptional(domain, LockModeType.PESSIMISTIC_WRITE).ifPresent(counter -> {
            counter.newExamples = Math.max(0, counter.newExamples - examples);
            counter.lastTriggerAt = now;
        });
    }

    public Optional<SftDomainCounterEntity> of(String domain) {
        return findByIdOptional(domain);
    }
}
