package io.specialist.serving.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Persisted version pins, one per domain at most. */
@ApplicationScoped
public class ModelPinRepository implements PanacheRepositoryBase<ModelPin, String> {

    /** Pins {@code domain} to {@code version}, replacing an earlier pin. */
    @Transactional
    public void pin(String domain, String version, String reason) {
        ModelPin pin = findById(domain);
        boolean fresh = pin == null;
        if (fresh) {
            pin = new ModelPin();
            pin.domain = domain;
        }
        pin.version = version;
        pin.reason = reason;
        pin.pinnedAt = Instant.now();
        if (fresh) {
            persist(pin);
        }
    }

    /** Removes the pin; true if there was one. */
    @Transactional
    public boolean unpin(String domain) {
        return deleteById(domain);
    }

    @Transactional
    public Optional<String> pinnedVersion(String domain) {
        return findByIdOptional(domain).map(p -> p.version);
    }

    /** domain -> pinned version. */
    @Transactional
    public Map<String, String> pins() {
        return listAll().stream().collect(Collectors.toMap(p -> p.domain, p -> p.version));
    }
}
