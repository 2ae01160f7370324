package io.specialist.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Pending batches of the transactional outbox. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxBatchEntity, Long> {

    /** Lock timeout hint value that makes Hibernate render {@code FOR UPDATE SKIP LOCKED}. */
    static final int SKIP_LOCKED = -2;

    /**
     * The oldest pending batches holding at most {@code maxEvents} events together (at least one batch,
     * however large), locked for the current transaction. Rows another relay (another replica) holds are
     * skipped, so two relays never publish the same events at the same time. The budget is chosen on
     * (id, events) first, so a backlog of large batches is never loaded whole.
     */
    public List<OutboxBatchEntity> lockPending(int maxEvents) {
        List<Object[]> candidates = getEntityManager()
                .createQuery("select b.id, b.events from OutboxBatchEntity b order by b.id", Object[].class)
                .setMaxResults(Math.max(1, maxEvents))
                .getResultList();
        List<Long> ids = new ArrayList<>();
        long events = 0;
        for (Object[] candidate : candidates) {
            int size = ((Number) candidate[1]).intValue();
            if (!ids.isEmpty() && events + size > maxEvents) {
                break;
            }
            ids.add((Long) candidate[0]);
            events += size;
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        return find("id in ?1", Sort.by("id"), ids)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .list();
    }

    /** Removes published batches; returns how many rows went. */
    public long deleteByIds(Collection<Long> ids) {
        return ids.isEmpty() ? 0 : delete("id in ?1", ids);
    }
}
