package io.specialist.trainer.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEntity> {

    /**
     * The oldest pending events, row-locked so that a second replica's relay waits instead of sending
     * them again.
     */
    public List<OutboxEntity> lockOldest(int max) {
        return findAll(Sort.by("id")).withLock(LockModeType.PESSIMISTIC_WRITE).page(0, max).list();
    }
}
