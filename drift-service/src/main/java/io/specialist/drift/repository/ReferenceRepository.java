package io.specialist.drift.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ReferenceRepository implements PanacheRepositoryBase<ReferenceEntity, String> {
}
