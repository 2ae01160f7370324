package io.specialist.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;

/** Pending events of the transactional outbox. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEventEntity, Long> {

    /** Lock timeout hint value that makes Hibernate render {@code FOR UPDATE SKIP LOCKED}. */
    static final int SKIP_LOCKED = -2;

    /**
     * The oldest pending events, locked for the current transaction. Rows another relay (another replica)
     * holds are skipped, so two relays never publish the same rows at the same time.
     */
    public List<OutboxEventEntity> lockPending(int limit) {
        return findAll(Sort.by("id"))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .page(Page.ofSize(limit))
                .list();
    }

    /** Removes published events; returns how many rows went. */
    public long deleteByIds(Collection<Long> ids) {
        return ids.isEmpty() ? 0 : delete("id in ?1", ids);
    }
}
