package io.specialist.serving.service;

import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;
import io.specialist.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The models this replica serves: per domain one active model and the few previously active ones kept
 * loaded (for rollback and {@code domain@version} requests). Readers take leases without locks; the
 * {@link SwapManager} changes a domain's models one swap at a time.
 *
 * <p>Why a swap never fails a request: the new model is published (a volatile write) before the old
 * one leaves, a reader that still got the old one holds a lease that keeps its session open, and a
 * model is only retired (then closed after its last lease) once it is evicted from the kept ones.
 */
@ApplicationScoped
public class ModelCatalog {

    private final String baseDomain;
    private final int keepPrevious;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    @Inject
    public ModelCatalog(ServingConfig config) {
        this(config.serving().baseDomain(), config.serving().keepPrevious());
    }

    public ModelCatalog(String baseDomain, int keepPrevious) {
        this.baseDomain = baseDomain;
        this.keepPrevious = Math.max(0, keepPrevious);
    }

    /** A domain's models: the active one and the previously active ones, most recent first. */
    private static final class Slot {
        volatile LoadedModel active;
        final List<LoadedModel> previous = new CopyOnWriteArrayList<>();

        Stream<LoadedModel> all() {
            return Stream.concat(Stream.ofNullable(active), previous.stream());
        }
    }

    public String baseDomain() {
        return baseDomain;
    }

    /**
     * Leases the model that serves {@code ref}: the domain's active model (the base model when the
     * domain has none), or exactly the version asked for.
     *
     * @throws ModelNotFoundException     a version that is not loaded here
     * @throws NoModelAvailableException  neither the domain's model nor the base model is loaded
     */
    public ModelLease lease(ModelRef ref) {
        while (true) {
            LoadedModel model = ref.version() != null ? loadedVersion(ref.version()) : serving(ref.domain());
            RefCounted.Lease<OrtLanguageModel> lease = model.handle().tryAcquire();
            if (lease != null) {
                return new ModelLease(model, lease);
            }
            // Retired between the read and the lease (evicted by a concurrent swap): read again.
            Thread.onSpinWait();
        }
    }

    private LoadedModel serving(String domain) {
        LoadedModel own = active(domain).orElse(null);
        if (own != null) {
            return own;
        }
        return active(baseDomain).orElseThrow(() -> new NoModelAvailableException("no model is loaded for domain '"
                + domain + "' nor the base model '" + baseDomain + "' yet; the service loads them from the trainer "
                + "registry as soon as it is reachable"));
    }

    private LoadedModel loadedVersion(ModelVersion version) {
        Slot slot = slots.get(version.domain());
        return Optional.ofNullable(slot).flatMap(s -> s.all().filter(m -> m.version().equals(version)).findFirst())
                .orElseThrow(() -> new ModelNotFoundException("model version " + version + " is not loaded; loaded versions: "
                        + loadedVersions().stream().map(LoadedModel::version).map(Object::toString).toList()
                        + " (use a domain name to get its active model)"));
    }

    public Optional<LoadedModel> active(String domain) {
        Slot slot = slots.get(domain);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.active);
    }

    /** The loaded model of this exact version, active or kept. */
    public Optional<LoadedModel> loaded(ModelVersion version) {
        Slot slot = slots.get(version.domain());
        return slot == null ? Optional.empty() : slot.all().filter(m -> m.version().equals(version)).findFirst();
    }

    /** Active models, by domain. */
    public List<LoadedModel> activeModels() {
        return slots.values().stream().map(s -> s.active).filter(m -> m != null)
                .sorted(Comparator.comparing(LoadedModel::domain)).toList();
    }

    /** Every loaded model, active ones first per domain. */
    public List<LoadedModel> loadedVersions() {
        List<LoadedModel> all = new ArrayList<>();
        slots.keySet().stream().sorted().forEach(d -> slots.get(d).all().forEach(all::add));
        return all;
    }

    public List<String> domains() {
        return slots.keySet().stream().sorted().toList();
    }

    /**
     * Makes {@code next} the active model of its domain. The model it replaces is kept loaded (the most
     * recent {@code keep-previous} ones are); a kept model that falls off the end is retired, i.e. closed
     * once its in-flight requests are done. {@code next} may be one of the kept models (a rollback).
     * Callers serialise swaps per domain.
     *
     * @return the model that was active before, if any
     */
    public Optional<LoadedModel> activate(LoadedModel next) {
        Slot slot = slots.computeIfAbsent(next.domain(), d -> new Slot());
        List<LoadedModel> evicted = new ArrayList<>();
        LoadedModel before;
        synchronized (slot) {
            before = slot.active;
            if (before == next) {
                return Optional.of(before);
            }
            slot.active = next; // readers switch here; the old model stays leasable below
            slot.previous.remove(next);
            if (before != null && before.version().equals(next.version())) {
                evicted.add(before); // a reload of the same version replaces it
            } else if (before != null) {
                slot.previous.add(0, before);
            }
            while (slot.previous.size() > keepPrevious) {
                evicted.add(slot.previous.remove(slot.previous.size() - 1));
            }
        }
        evicted.forEach(LoadedModel::retire);
        return Optional.ofNullable(before);
    }

    /** Retires every model (shutdown); sessions close as their last requests finish. */
    public void retireAll() {
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                slot.all().forEach(LoadedModel::retire);
                slot.active = null;
                slot.previous.clear();
            }
        }
    }
}
