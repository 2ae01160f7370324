package io.specialist.drift.service;

import io.specialist.drift.config.DriftConfig;
import io.specialist.drift.detector.RarePairs;
import io.specialist.drift.detector.ReferenceProfile;
import io.specialist.events.ModelPublished;
import io.specialist.model.ort.InvalidModelException;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;
import io.specialist.model.tokenizer.BpeTokenizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Follows the trainer's registry: loads a domain's newest model (artifact over HTTP, SHA-256 checked,
 * ONNX Runtime session, warm-up, reference) and installs it in the {@link ModelRegistry}. A model that
 * fails any step is refused and the previous one keeps scoring.
 */
@ApplicationScoped
public class ModelService {

    private static final Logger LOG = Logger.getLogger(ModelService.class);

    private final DriftConfig config;
    private final TrainerClient trainer;
    private final ModelRegistry registry;
    private final ReferenceService references;
    private final DriftMetrics metrics;
    private final Map<String, Object> domainLocks = new ConcurrentHashMap<>();

    public ModelService(DriftConfig config, TrainerClient trainer, ModelRegistry registry, ReferenceService references,
            DriftMetrics metrics) {
        this.config = config;
        this.trainer = trainer;
        this.registry = registry;
        this.references = references;
        this.metrics = metrics;
    }

    /** Handles a {@code models.published} event. */
    public void onPublished(ModelPublished event) {
        load(event.version(), event.domain(), event.sha256(), event.metrics());
    }

    /**
     * Loads the newest model of every domain in the registry.
     *
     * @throws UpstreamException if the registry cannot be read
     */
    public void syncFromRegistry() {
        List<ModelManifest> manifests = trainer.models();
        Map<String, Optional<ModelManifest>> latest = manifests.stream()
                .filter(m -> m.version() != null && m.domain() != null && m.sha256() != null)
                .collect(Collectors.groupingBy(ModelManifest::domain,
                        Collectors.maxBy(Comparator.comparingInt(ModelManifest::versionNumber))));
        // The base model first: every domain without its own model needs it.
        latest.values().stream().flatMap(Optional::stream)
                .sorted(Comparator.comparing(m -> !m.domain().equals(registry.baseDomain())))
                .forEach(m -> load(m.version(), m.domain(), m.sha256(), m.numericMetrics()));
    }

    /**
     * Loads and installs {@code version} unless the same or a newer version of its domain is installed.
     *
     * @return true if it is now the domain's model
     */
    public boolean load(String version, String domain, String sha256, Map<String, Double> publishedMetrics) {
        int number = ModelVersions.number(version);
        synchronized (domainLocks.computeIfAbsent(domain, d -> new Object())) {
            if (registry.installedNumber(domain) >= number) {
                LOG.debugf("%s is not newer than the installed model of %s; skipped", version, domain);
                return false;
            }
            long started = System.nanoTime();
            OrtLanguageModel model = null;
            try {
                byte[] onnx = trainer.artifact(version, sha256);
                model = OrtLanguageModel.load(onnx, config.scoring().threads());
                checkMetadata(model, version, domain);
                BpeTokenizer tokenizer = model.tokenizer();
                RarePairs pairs = new RarePairs(tokenizer.vocabSize(), tokenizer::tokenBytes);
                model.score("Warm-up: the first run of a session allocates its buffers.");
                RefCounted<OrtLanguageModel> handle = new RefCounted<>(model,
                        e -> LOG.warnf("closing the session of %s failed: %s", version, e.getMessage()));
                model = null; // owned by the handle from here on
                ReferenceProfile reference;
                try {
                    reference = references.referenceFor(version, domain, handle, pairs, publishedMetrics);
                } catch (RuntimeException e) {
                    handle.retire();
                    throw e;
                }
                ServedModel served = new ServedModel(version, domain, number, sha256, handle, pairs, reference, Instant.now());
                boolean installed = registry.install(served);
                if (installed) {
                    metrics.modelLoaded(domain);
                    LOG.infof("loaded %s (%d bytes, sha256 %s) in %d ms", version, onnx.length, sha256,
                            (System.nanoTime() - started) / 1_000_000);
                }
                return installed;
            } catch (UpstreamException | IllegalArgumentException | IllegalStateException e) {
                metrics.modelRefused(domain);
                LOG.errorf("refused model %s of domain %s, the previous model keeps scoring: %s", version, domain,
                        e.getMessage());
                return false;
            } finally {
                if (model != null) {
                    model.close();
                }
            }
        }
    }

    private static void checkMetadata(OrtLanguageModel model, String version, String domain) {
        model.metadata().version().filter(v -> !v.equals(version)).ifPresent(v -> {
            throw new InvalidModelException("artifact says it is " + v + ", not " + version);
        });
        model.metadata().domain().filter(d -> !d.equals(domain)).ifPresent(d -> {
            throw new InvalidModelException("artifact says it serves domain " + d + ", not " + domain);
        });
    }
}
