package io.specialist.serving.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.specialist.events.ModelPublished;
import io.specialist.serving.client.ModelManifest;
import io.specialist.serving.client.TrainerClient;
import io.specialist.serving.repository.ModelPinRepository;
import io.specialist.serving.service.ArtifactRejectedException.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Decides which version each domain serves and performs the swaps: download, verify the SHA-256, load,
 * warm up, then switch atomically in the {@link ModelCatalog}. A model that fails any step is refused
 * (logged and counted in {@code specialist_serving_swaps_refused_total}) and the old one keeps serving.
 *
 * <p>The desired version of a domain is its pin if an administrator set one (persisted, so restarts and
 * other replicas follow it), else the latest version that was not refused. {@code models.published}
 * events swap at once; {@link #reconcile()} (at startup and periodically) catches up with whatever a
 * replica missed. Swaps of one domain are serialised by a per-domain lock; loading happens before the
 * switch, so requests never wait for it.
 */
@ApplicationScoped
public class SwapManager {

    private static final Logger LOG = Logger.getLogger(SwapManager.class);

    /** What caused a swap (metric tag). */
    public enum Trigger { PUBLISHED, RECONCILE, ACTIVATE, ROLLBACK, UNPIN }

    /** The outcome of an administrator's swap. */
    public record SwapResult(String domain, ModelVersion previous, ModelVersion active, boolean pinned) {
    }

    private final ModelCatalog catalog;
    private final KnownVersions known;
    private final TrainerClient trainer;
    private final ModelLoader loader;
    private final ModelLoadExecutor loadExecutor;
    private final ModelPinRepository pins;
    private final MeterRegistry metrics;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final CountDownLatch firstReconcile = new CountDownLatch(1);

    public SwapManager(ModelCatalog catalog, KnownVersions known, TrainerClient trainer, ModelLoader loader,
                       ModelLoadExecutor loadExecutor, ModelPinRepository pins, MeterRegistry metrics) {
        this.catalog = catalog;
        this.known = known;
        this.trainer = trainer;
        this.loader = loader;
        this.loadExecutor = loadExecutor;
        this.pins = pins;
        this.metrics = metrics;
    }

    /**
     * A {@code models.published} event: swap to it unless the domain is pinned or already serves that
     * version or a newer one. Never throws: a refused model is logged and counted.
     */
    public void onPublished(ModelPublished event) {
        awaitFirstReconcile();
        ModelManifest manifest = ModelManifest.of(event);
        ModelVersion version = manifest.modelVersion();
        known.remember(manifest);
        withLock(version.domain(), () -> {
            Optional<String> pin = pins.pinnedVersion(version.domain());
            if (pin.isPresent()) {
                LOG.infof("%s was published but %s is pinned to %s by an administrator; it stays there "
                        + "(activate %s or remove the pin to follow new versions)", version, version.domain(), pin.get(), version);
                skipped("pinned");
                return null;
            }
            LoadedModel active = catalog.active(version.domain()).orElse(null);
            if (active != null && !version.isNewerThan(active.version())) {
                LOG.debugf("%s was published; %s already serves %s", version, version.domain(), active.version());
                skipped("not-newer");
                return null;
            }
            if (known.isRefused(manifest)) {
                skipped("refused-before");
                return null;
            }
            trySwapTo(manifest, Trigger.PUBLISHED);
            return null;
        });
    }

    /**
     * Pins {@code domain} to {@code versionText} and serves it: reuses a loaded copy or fetches it from
     * the registry (even one refused before: an administrator may retry).
     */
    public SwapResult activate(String domain, String versionText) {
        ModelVersion version = parseVersionOf(domain, versionText);
        return withLock(domain, () -> pinAndSwap(manifestOf(version), "activate", Trigger.ACTIVATE));
    }

    /**
     * Serves the highest version of {@code domain} below the active one that was not refused, and pins
     * it; repeated rollbacks walk further back.
     */
    public SwapResult rollback(String domain) {
        requireDomain(domain);
        return withLock(domain, () -> {
            LoadedModel active = catalog.active(domain).orElseThrow(() -> ServingException.conflict("domain '" + domain
                    + "' has no model of its own (it is served by the base model '" + catalog.baseDomain()
                    + "'): nothing to roll back"));
            known.refreshQuietly("rolling back " + domain + " among the versions known so far");
            TreeSet<Integer> older = new TreeSet<>(known.versions(domain).keySet());
            catalog.loadedVersions().stream().map(LoadedModel::version)
                    .filter(v -> v.domain().equals(domain)).forEach(v -> older.add(v.number()));
            Integer target = older.headSet(active.version().number(), false).descendingSet().stream()
                    .filter(n -> !known.isRefused(manifestOrNull(new ModelVersion(domain, n))))
                    .findFirst().orElseThrow(() -> ServingException.conflict(domain + " serves " + active.version()
                            + " and no earlier usable version of it exists: nothing to roll back to"));
            return pinAndSwap(manifestOf(new ModelVersion(domain, target)), "rollback", Trigger.ROLLBACK);
        });
    }

    /** Removes a pin; the domain goes back to following its latest version. */
    public SwapResult unpin(String domain) {
        requireDomain(domain);
        return withLock(domain, () -> {
            if (!pins.unpin(domain)) {
                throw new ModelNotFoundException("domain '" + domain + "' is not pinned");
            }
            ModelVersion before = catalog.active(domain).map(LoadedModel::version).orElse(null);
            known.refreshQuietly(domain + " follows the latest version known so far");
            followLatest(domain, Trigger.UNPIN);
            return new SwapResult(domain, before, catalog.active(domain).map(LoadedModel::version).orElse(null), false);
        });
    }

    /**
     * Brings every domain to its desired version: the pin, else the latest version that is not refused.
     * Runs at startup and periodically; safe to call any time.
     */
    public void reconcile() {
        try {
            Map<String, String> pinned = pins.pins();
            known.refreshQuietly("will retry");
            Set<String> domains = known.domains();
            domains.addAll(pinned.keySet());
            for (String domain : domains) {
                withLock(domain, () -> {
                    String pin = pinned.get(domain);
                    if (pin != null) {
                        followPin(ModelVersion.parse(pin));
                    } else {
                        followLatest(domain, Trigger.RECONCILE);
                    }
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "reconciling served models failed; will retry");
        } finally {
            firstReconcile.countDown();
        }
    }

    /** Lets events through without a first reconcile (when startup reconciliation is off). */
    public void skipFirstReconcile() {
        firstReconcile.countDown();
    }

    private void followPin(ModelVersion pin) {
        LoadedModel active = catalog.active(pin.domain()).orElse(null);
        if (active != null && active.version().equals(pin)) {
            return;
        }
        ModelManifest manifest = manifestOrNull(pin);
        if (manifest == null) {
            LOG.warnf("%s is pinned to %s, which the registry does not list", pin.domain(), pin);
        } else if (!known.isRefused(manifest)) {
            trySwapTo(manifest, Trigger.RECONCILE);
        }
    }

    /** Swaps to the newest known version above the active one, skipping refused ones. */
    private void followLatest(String domain, Trigger trigger) {
        LoadedModel active = catalog.active(domain).orElse(null);
        NavigableMap<Integer, ModelManifest> versions = known.versions(domain);
        Collection<ModelManifest> candidates = active == null
                ? versions.descendingMap().values()
                : versions.tailMap(active.version().number(), false).descendingMap().values();
        for (ModelManifest candidate : candidates) {
            if (known.isRefused(candidate)) {
                continue;
            }
            Optional<Stage> failed = trySwapTo(candidate, trigger);
            if (failed.isEmpty() || failed.get() == Stage.DOWNLOAD) {
                return; // swapped, or the registry may be back next time: no older fallback meanwhile
            }
        }
    }

    private SwapResult pinAndSwap(ModelManifest manifest, String reason, Trigger trigger) {
        ModelVersion version = manifest.modelVersion();
        ModelVersion before = catalog.active(version.domain()).map(LoadedModel::version).orElse(null);
        LoadedModel next;
        try {
            next = prepare(manifest);
        } catch (ArtifactRejectedException e) {
            refusedBy(version, e);
            int status = e.stage() == Stage.DOWNLOAD ? 502 : 422;
            throw new ServingException(status, "Model refused", e.getMessage(), 0, List.of(), e);
        }
        try {
            pins.pin(version.domain(), version.toString(), reason);
        } catch (RuntimeException e) {
            if (catalog.loaded(version).orElse(null) != next) {
                next.retire(); // freshly loaded and never served
            }
            throw e;
        }
        install(next, trigger);
        return new SwapResult(version.domain(), before, version, true);
    }

    /**
     * Loads (or reuses) and installs a version. A refusal is logged, counted and, unless the download
     * failed, remembered.
     *
     * @return the stage that refused the model, empty when it serves now
     */
    private Optional<Stage> trySwapTo(ModelManifest manifest, Trigger trigger) {
        try {
            install(prepare(manifest), trigger);
            return Optional.empty();
        } catch (ArtifactRejectedException e) {
            refusedBy(manifest.modelVersion(), e);
            if (e.stage() != Stage.DOWNLOAD) {
                known.refuse(manifest);
            }
            return Optional.of(e.stage());
        }
    }

    /** A loaded copy of the version, or a freshly downloaded, verified, loaded and warmed-up one. */
    private LoadedModel prepare(ModelManifest manifest) throws ArtifactRejectedException {
        ModelVersion version = manifest.modelVersion();
        Optional<LoadedModel> loaded = catalog.loaded(version);
        if (loaded.isPresent()) {
            return loaded.get();
        }
        Timer.Sample sample = Timer.start(metrics);
        LoadedModel model = loadExecutor.run(() -> loader.load(manifest, trainer.artifact(version.toString(), manifest.sha256())));
        sample.stop(metrics.timer("specialist.serving.swap.prepare", "domain", version.domain()));
        return model;
    }

    private void install(LoadedModel next, Trigger trigger) {
        Optional<LoadedModel> before = catalog.activate(next);
        metrics.counter("specialist.serving.swaps", "domain", next.domain(), "trigger", trigger.name().toLowerCase()).increment();
        LOG.infof("%s now serves %s (was %s; trigger %s)", next.domain(), next.version(),
                before.map(m -> m.version().toString()).orElse("nothing"), trigger.name().toLowerCase());
    }

    private void refusedBy(ModelVersion version, ArtifactRejectedException e) {
        metrics.counter("specialist.serving.swaps.refused", "domain", version.domain(),
                "stage", e.stage().name().toLowerCase()).increment();
        String serving = catalog.active(version.domain()).map(m -> m.version().toString())
                .orElse("the base model for now");
        LOG.errorf("refused %s at stage %s: %s; %s keeps serving", version, e.stage().name().toLowerCase(), e.getMessage(),
                serving);
    }

    private void skipped(String reason) {
        metrics.counter("specialist.serving.swaps.skipped", "reason", reason).increment();
    }

    /** A known or loaded version's manifest, or null. */
    private ModelManifest manifestOrNull(ModelVersion version) {
        return known.get(version).orElseGet(() -> catalog.loaded(version).map(LoadedModel::manifest).orElse(null));
    }

    private ModelManifest manifestOf(ModelVersion version) {
        ModelManifest manifest = manifestOrNull(version);
        return manifest != null ? manifest : known.fetch(version);
    }

    private static ModelVersion parseVersionOf(String domain, String versionText) {
        requireDomain(domain);
        ModelVersion version;
        try {
            version = ModelVersion.parse(versionText);
        } catch (IllegalArgumentException e) {
            throw ServingException.badRequest(e.getMessage());
        }
        if (!version.domain().equals(domain)) {
            throw ServingException.badRequest("version " + version + " belongs to domain '" + version.domain()
                    + "', not '" + domain + "'");
        }
        return version;
    }

    private static void requireDomain(String domain) {
        if (!ModelVersion.isDomain(domain)) {
            throw ServingException.badRequest("'" + domain + "' is not a valid domain name (" + ModelVersion.DOMAIN.pattern() + ")");
        }
    }

    private void awaitFirstReconcile() {
        try {
            // Events replayed at startup are then mostly "not newer" and skipped without a download.
            if (!firstReconcile.await(2, TimeUnit.MINUTES)) {
                LOG.warn("first reconcile still running after 2 minutes; handling events anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T withLock(String domain, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(domain, d -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
