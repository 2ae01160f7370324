package io.specialist.drift.service;

import io.specialist.drift.config.DriftConfig;
import io.specialist.drift.detector.ModelContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * The models currently used for scoring: the latest of each domain, the base domain's one scoring every
 * domain without its own. A replaced model is retired: its session closes after its last scoring call.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ConcurrentMap<String, ServedModel> byDomain = new ConcurrentHashMap<>();
    private final String baseDomain;

    public ModelRegistry(DriftConfig config) {
        this.baseDomain = config.baseDomain();
    }

    public String baseDomain() {
        return baseDomain;
    }

    public Optional<ServedModel> own(String domain) {
        return Optional.ofNullable(byDomain.get(domain));
    }

    public Optional<ServedModel> base() {
        return own(baseDomain);
    }

    /** The model that scores {@code domain}: its own, else the base model, else none. */
    public Optional<ServedModel> scoring(String domain) {
        ServedModel own = byDomain.get(domain);
        return own != null ? Optional.of(own) : base();
    }

    /** What the detector needs to know about a model scoring {@code domain}. */
    public static ModelContext context(ServedModel model, String domain) {
        if (model == null) {
            return null;
        }
        boolean own = model.domain().equals(domain);
        return new ModelContext(model.version(), own, own ? model.reference() : null);
    }

    /** Highest installed version number of {@code domain}, or -1. */
    public int installedNumber(String domain) {
        ServedModel m = byDomain.get(domain);
        return m == null ? -1 : m.number();
    }

    /**
     * Makes {@code model} its domain's current model unless a newer one is installed (then {@code model}
     * is retired instead).
     *
     * @return true if installed
     */
    public synchronized boolean install(ServedModel model) {
        ServedModel current = byDomain.get(model.domain());
        if (current != null && current.number() >= model.number()) {
            model.handle().retire();
            return false;
        }
        byDomain.put(model.domain(), model);
        if (current != null) {
            current.handle().retire();
            LOG.infof("domain %s now scored with %s (was %s)", model.domain(), model.version(), current.version());
        } else {
            LOG.infof("domain %s now scored with %s", model.domain(), model.version());
        }
        return true;
    }

    public Collection<ServedModel> all() {
        return List.copyOf(byDomain.values());
    }

    @PreDestroy
    synchronized void close() {
        byDomain.values().forEach(m -> m.handle().retire());
        byDomain.clear();
    }
}
