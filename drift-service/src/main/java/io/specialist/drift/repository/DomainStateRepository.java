package io.specialist.drift.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class DomainStateRepository implements PanacheRepositoryBase<DomainStateEntity, String> {

    public List<DomainStateEntity> listOrdered() {
        return list("order by domain");
    }
}
