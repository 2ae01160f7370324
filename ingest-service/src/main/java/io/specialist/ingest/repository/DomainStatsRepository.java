package io.specialist.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;

/** Per-domain totals; locking a domain's row serialises that domain's writers. */
@ApplicationScoped
public class DomainStatsRepository implements PanacheRepositoryBase<DomainStatsEntity, String> {

    /**
     * The domain's row locked for this transaction, created (and so also locked) when new. Two
     * transactions creating the same new domain collide on the primary key; the loser is retried.
     */
    public DomainStatsEntity lockOrCreate(String domain, Instant now) {
        DomainStatsEntity stats = findById(domain, LockModeType.PESSIMISTIC_WRITE);
        if (stats == null) {
            stats = new DomainStatsEntity();
            stats.domain = domain;
            stats.firstIngestedAt = now;
            stats.lastIngestedAt = now;
            persist(stats);
            flush();
        }
        return stats;
    }

    public List<DomainStatsEntity> listByName() {
        return listAll(Sort.by("domain"));
    }
}
