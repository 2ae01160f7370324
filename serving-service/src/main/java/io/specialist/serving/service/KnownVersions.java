package io.specialist.serving.service;

import io.specialist.serving.client.ModelManifest;
import io.specialist.serving.client.TrainerClient;
import io.specialist.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jboss.logging.Logger;

/**
 * What this replica knows about published versions, whether or not it serves them: the manifests the
 * registry listed and the events announced, and the artifacts it refused (by version and sha256, so a
 * re-published artifact with other bytes gets a new chance).
 */
@ApplicationScoped
public class KnownVersions {

    private static final Logger LOG = Logger.getLogger(KnownVersions.class);

    private final TrainerClient trainer;
    private final int registryRetryAfter;
    /** domain -> version number -> manifest. */
    private final Map<String, NavigableMap<Integer, ModelManifest>> known = new ConcurrentHashMap<>();
    /** "version sha256" of artifacts that failed the checksum, load or warm-up. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    public KnownVersions(TrainerClient trainer, ServingConfig config) {
        this.trainer = trainer;
        this.registryRetryAfter = (int) Math.max(1, config.serving().reconcileInterval().toSeconds());
    }

    /** Records a manifest (from an event or the registry); a later one with a checksum wins. */
    public void remember(ModelManifest manifest) {
        ModelVersion v = manifest.modelVersion();
        known.computeIfAbsent(v.domain(), d -> new ConcurrentSkipListMap<>()).merge(v.number(), manifest,
                (old, fresh) -> fresh.sha256() != null ? fresh : old);
    }

    /** Re-lists the registry. */
    public void refresh() throws IOException {
        for (ModelManifest manifest : trainer.list()) {
            try {
                remember(manifest);
            } catch (IllegalArgumentException e) {
                LOG.warnf("ignoring registry entry: %s", e.getMessage());
            }
        }
    }

    /** Re-lists the registry; when it is unreachable, logs that and what happens instead. */
    public void refreshQuietly(String consequence) {
        try {
            refresh();
        } catch (IOException e) {
            LOG.warnf("trainer registry at %s unreachable (%s); %s", trainer.baseUrl(), e.toString(), consequence);
        }
    }

    public Optional<ModelManifest> get(ModelVersion version) {
        NavigableMap<Integer, ModelManifest> versions = known.get(version.domain());
        return Optional.ofNullable(versions == null ? null : versions.get(version.number()));
    }

    /** The known versions of a domain, by number (a snapshot). */
    public NavigableMap<Integer, ModelManifest> versions(String domain) {
        return new TreeMap<>(known.getOrDefault(domain, new ConcurrentSkipListMap<>()));
    }

    public Set<String> domains() {
        return new TreeSet<>(known.keySet());
    }

    /** The newest known version per domain. */
    public Map<String, ModelVersion> latest() {
        Map<String, ModelVersion> latest = new TreeMap<>();
        known.forEach((domain, versions) -> {
            if (!versions.isEmpty()) {
                latest.put(domain, new ModelVersion(domain, versions.lastKey()));
            }
        });
        return latest;
    }

    /**
     * A version's manifest: known, else read from the registry.
     *
     * @throws ModelNotFoundException the registry does not have it
     * @throws ServingException       503 when the registry cannot be reached
     */
    public ModelManifest fetch(ModelVersion version) {
        Optional<ModelManifest> known = get(version);
        if (known.isPresent()) {
            return known.get();
        }
        ModelManifest manifest;
        try {
            manifest = trainer.manifest(version.toString()).orElseThrow(() -> new ModelNotFoundException(
                    "the trainer registry has no model " + version));
        } catch (IOException e) {
            throw ServingException.unavailable("Registry unavailable", "cannot read " + version
                    + " from the trainer registry at " + trainer.baseUrl() + ": " + e.getMessage(), registryRetryAfter);
        }
        remember(manifest);
        return manifest;
    }

    /** Whether this artifact (version + sha256) was refused before. */
    public boolean isRefused(ModelManifest manifest) {
        return manifest != null && refused.contains(key(manifest));
    }

    public void refuse(ModelManifest manifest) {
        refused.add(key(manifest));
    }

    /** Refused artifacts as "version sha256", sorted. */
    public List<String> refused() {
        return List.copyOf(new TreeSet<>(refused));
    }

    private static String key(ModelManifest manifest) {
        return manifest.version() + " " + String.valueOf(manifest.sha256()).toLowerCase();
    }
}
