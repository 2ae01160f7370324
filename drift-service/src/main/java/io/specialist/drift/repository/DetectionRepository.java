package io.specialist.drift.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class DetectionRepository implements PanacheRepositoryBase<DetectionEntity, Long> {

    public Optional<DetectionEntity> latest(String domain) {
        return find("domain = ?1 order by detectedAt desc, id desc", domain).firstResultOptional();
    }

    public List<DetectionEntity> recent(String domain, int limit) {
        return find("domain = ?1 order by detectedAt desc, id desc", domain).page(Page.ofSize(limit)).list();
    }

    public List<DetectionEntity> unpublished(int limit) {
        return find("publishedAt is null order by id").page(Page.ofSize(limit)).list();
    }
}
