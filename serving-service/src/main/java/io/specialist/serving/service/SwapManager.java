package io.specialist.serving.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.specialist.events.ModelPublished;
import io.specialist.serving.client.ModelManifest;
import io.specialist.serving.client.TrainerClient;
import io.specialist.serving.repository.ModelPinRepository;
import io.specialist.serving.service.ArtifactRejectedException.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
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
    private final TrainerClient trainer;
    private final ModelLoader loader;
    private final ModelLoadExecutor loadExecutor;
    private final ModelPinRepository pins;
    private final MeterRegistry metrics;
    private final int registryRetryAfter;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Every version known per domain (registry listing and events), by number. */
    private final Map<String, NavigableMap<Integer, ModelManifest>> known = new ConcurrentHashMap<>();
    /** version + sha256 of artifacts that failed the checksum, load or warm-up: not retried automatically. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstReconcile = new CountDownLatch(1);

    public SwapManager(ModelCatalog catalog, TrainerClient trainer, ModelLoader loader, ModelLoadExecutor loadExecutor,
                       ModelPinRepository pins, MeterRegistry metrics, io.specialist.serving.config.ServingConfig config) {
        this.catalog = catalog;
        this.trainer = trainer;
        this.loader = loader;
        this.loadExecutor = loadExecutor;
        this.pins = pins;
        this.metrics = metrics;
        this.registryRetryAfter = (int) Math.max(1, config.serving().reconcileInterval().toSeconds());
    }

    /**
     * A {@code models.published} event: swap to it unless the domain is pinned or already serves that
     * version or a newer one. Never throws: a refused model is logged and counted.
     */
    public void onPublished(ModelPublished event) {
        awaitFirstReconcile();
        ModelManifest manifest = ModelManifest.of(event);
        ModelVersion version = manifest.modelVersion();
        remember(manifest);
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
            if (isRefused(manifest)) {
                skipped("refused-before");
                return null;
            }
            try {
                swapTo(manifest, Trigger.PUBLISHED);
            } catch (ArtifactRejectedException e) {
                // logged and counted in swapTo; the old model keeps serving
            }
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
     * Serves the highest version of {@code domain} below the active one and pins it; repeated rollbacks
     * walk further back.
     */
    public SwapResult rollback(String domain) {
        requireDomain(domain);
        return withLock(domain, () -> {
            LoadedModel active = catalog.active(domain).orElseThrow(() -> ServingException.conflict("domain '" + domain
                    + "' has no model of its own (it is served by the base model '" + catalog.baseDomain()
                    + "'): nothing to roll back"));
            TreeSet<Integer> older = new TreeSet<>();
            catalog.loadedVersions().stream().map(LoadedModel::version)
                    .filter(v -> v.domain().equals(domain)).forEach(v -> older.add(v.number()));
            try {
                refreshFromRegistry();
            } catch (IOException e) {
                LOG.warnf("trainer registry unreachable during rollback of %s (%s); choosing among loaded versions", domain,
                        e.getMessage());
            }
            older.addAll(known.getOrDefault(domain, new ConcurrentSkipListMap<>()).keySet());
            Integer target = older.headSet(active.version().number(), false).descendingSet().stream()
                    .filter(n -> !isRefused(manifestOrNull(new ModelVersion(domain, n))))
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
            try {
                refreshFromRegistry();
            } catch (IOException e) {
                LOG.warnf("trainer registry unreachable (%s); %s follows the latest version it knows", e.getMessage(), domain);
            }
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
            try {
                refreshFromRegistry();
            } catch (IOException e) {
                LOG.warnf("trainer registry at %s unreachable (%s); will retry", trainerUrl(), e.toString());
            }
            Set<String> domains = new TreeSet<>(known.keySet());
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

    /** Whether this artifact (version + sha256) was refused before. */
    public boolean isRefused(ModelManifest manifest) {
        return manifest != null && refused.contains(refusalKey(manifest));
    }

    /** The latest version known per domain (registry and events), whether or not it is served. */
    public Map<String, ModelVersion> latestKnown() {
        Map<String, ModelVersion> latest = new java.util.TreeMap<>();
        known.forEach((domain, versions) -> {
            if (!versions.isEmpty()) {
                latest.put(domain, new ModelVersion(domain, versions.lastKey()));
            }
        });
        return latest;
    }

    private void followPin(ModelVersion pin) {
        LoadedModel active = catalog.active(pin.domain()).orElse(null);
        if (active != null && active.version().equals(pin)) {
            return;
        }
        ModelManifest manifest = manifestOrNull(pin);
        if (manifest == null) {
            LOG.warnf("%s is pinned to %s, which the registry does not list", pin.domain(), pin);
            return;
        }
        if (isRefused(manifest)) {
            return;
        }
        try {
            swapTo(manifest, Trigger.RECONCILE);
        } catch (ArtifactRejectedException e) {
            // logged and counted; retried at the next reconcile if it was a download failure
        }
    }

    /** Swaps to the newest known version above the active one, skipping refused ones. */
    private void followLatest(String domain, Trigger trigger) {
        LoadedModel active = catalog.active(domain).orElse(null);
        NavigableMap<Integer, ModelManifest> versions = known.getOrDefault(domain, new ConcurrentSkipListMap<>());
        Collection<ModelManifest> candidates = active == null
                ? versions.descendingMap().values()
                : versions.tailMap(active.version().number(), false).descendingMap().values();
        for (ModelManifest candidate : candidates) {
            if (isRefused(candidate)) {
                continue;
            }
            try {
                swapTo(candidate, trigger);
                return;
            } catch (ArtifactRejectedException e) {
                if (e.stage() == Stage.DOWNLOAD) {
                    return; // the registry may be back next time: do not fall back to an older version meanwhile
                }
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

    /** Loads (or reuses) and installs a version; refusals are logged, counted and rethrown. */
    private void swapTo(ModelManifest manifest, Trigger trigger) throws ArtifactRejectedException {
        ModelVersion version = manifest.modelVersion();
        LoadedModel next;
        try {
            next = prepare(manifest);
        } catch (ArtifactRejectedException e) {
            refusedBy(version, e);
            if (e.stage() != Stage.DOWNLOAD) {
                refused.add(refusalKey(manifest));
            }
            throw e;
        }
        install(next, trigger);
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

    private void refreshFromRegistry() throws IOException {
        for (ModelManifest manifest : trainer.list()) {
            try {
                remember(manifest);
            } catch (IllegalArgumentException e) {
                LOG.warnf("ignoring registry entry: %s", e.getMessage());
            }
        }
    }

    private void remember(ModelManifest manifest) {
        ModelVersion v = manifest.modelVersion();
        known.computeIfAbsent(v.domain(), d -> new ConcurrentSkipListMap<>()).merge(v.number(), manifest,
                (old, fresh) -> fresh.sha256() != null ? fresh : old);
    }

    private ModelManifest manifestOrNull(ModelVersion version) {
        NavigableMap<Integer, ModelManifest> versions = known.get(version.domain());
        ModelManifest manifest = versions == null ? null : versions.get(version.number());
        if (manifest == null) {
            manifest = catalog.loaded(version).map(LoadedModel::manifest).orElse(null);
        }
        return manifest;
    }

    /** A version's manifest from what is known, else from the registry; 404 if the registry does not know it. */
    private ModelManifest manifestOf(ModelVersion version) {
        ModelManifest manifest = manifestOrNull(version);
        if (manifest != null) {
            return manifest;
        }
        try {
            manifest = trainer.manifest(version.toString()).orElseThrow(() -> new ModelNotFoundException(
                    "the trainer registry has no model " + version));
        } catch (IOException e) {
            throw ServingException.unavailable("Registry unavailable", "cannot read " + version + " from the trainer registry at "
                    + trainerUrl() + ": " + e.getMessage(), registryRetryAfter);
        }
        remember(manifest);
        return manifest;
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

    private static String refusalKey(ModelManifest manifest) {
        return manifest.version() + " " + String.valueOf(manifest.sha256()).toLowerCase();
    }

    private String trainerUrl() {
        return trainer.baseUrl();
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

    /** Versions refused so far (for the models listing). */
    public List<String> refusedArtifacts() {
        return new ArrayList<>(new TreeSet<>(refused));
    }
}
