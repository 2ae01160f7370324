package io.specialist.trainer.feedback;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class FeedbackRepository implements PanacheRepositoryBase<FeedbackEntity, Long> {

    public boolean hasEvent(String eventId) {
        return count("eventId", eventId) > 0;
    }

    /** A domain's feedback, oldest first. */
    public List<FeedbackEntity> forDomain(String domain) {
        return find("domain", Sort.by("receivedAt").and("id"), domain).list();
    }

    /** Domains that have feedback. */
    public List<String> domains() {
        return getEntityManager().createQuery("select distinct f.domain from FeedbackEntity f order by f.domain",
                String.class).getResultList();
    }
}
