package io.specialist.drift.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.drift.config.DriftConfig;
import io.specialist.drift.detector.Detection;
import io.specialist.drift.detector.DetectorSettings;
import io.specialist.drift.detector.DetectorState;
import io.specialist.drift.detector.DriftDetector;
import io.specialist.drift.detector.ModelContext;
import io.specialist.drift.detector.ScoredDocument;
import io.specialist.events.Split;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Processes one batch of ingested documents: scores each domain's documents with the model serving it,
 * feeds them in order to the domain's detector, and commits the new states and any detections in one
 * transaction (then publishes the detections).
 */
@ApplicationScoped
public class DriftService {

    private static final Logger LOG = Logger.getLogger(DriftService.class);
    private static final int RETIRED_RETRIES = 3;

    private final ModelRegistry registry;
    private final DocumentScorer scorer;
    private final StateStore store;
    private final DetectionPublisher publisher;
    private final DriftMetrics metrics;
    private final DriftDetector detector;

    public DriftService(DriftConfig config, ModelRegistry registry, DocumentScorer scorer, StateStore store,
            DetectionPublisher publisher, DriftMetrics metrics) {
        this.registry = registry;
        this.scorer = scorer;
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
        this.detector = new DriftDetector(new DetectorSettings(config.minDocuments(), config.cooldown(),
                config.cooldownDocuments(), config.windowSize()));
    }

    /** Scored documents of one domain and the model they were scored with (null if none was loaded). */
    private record DomainBatch(String domain, ModelContext model, List<ScoredDocument> documents) {
    }

    public List<Detection> process(List<IncomingDocument> batch) {
        long started = System.nanoTime();
        Map<String, List<IncomingDocument>> byDomain = new LinkedHashMap<>();
        for (IncomingDocument doc : batch) {
            byDomain.computeIfAbsent(doc.event().domain(), d -> new ArrayList<>()).add(doc);
        }
        List<DomainBatch> scored = new ArrayList<>();
        byDomain.forEach((domain, docs) -> scored.add(score(domain, docs)));
        Instant now = Instant.now();
        List<Detection> detections = QuarkusTransaction.requiringNew().call(() -> detect(scored, now));
        for (Detection d : detections) {
            metrics.detection(d.domain(), d.reason());
            LOG.infof("drift detected in domain %s (%s, model %s): statistic %.3f > threshold %.3f over %d documents;"
                    + " signals %s", d.domain(), d.reason(), d.modelVersion(), d.statistic(), d.threshold(),
                    d.windowDocIds().size(), d.signals());
        }
        if (!detections.isEmpty()) {
            publisher.publishPending();
        }
        metrics.batch(Duration.ofNanos(System.nanoTime() - started), batch.size());
        return detections;
    }

    private DomainBatch score(String domain, List<IncomingDocument> docs) {
        for (int attempt = 0; ; attempt++) {
            ServedModel model = registry.scoring(domain).orElse(null);
            List<TextToScore> texts = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            ScoredDocument[] out = new ScoredDocument[docs.size()];
            for (int i = 0; i < docs.size(); i++) {
                IncomingDocument doc = docs.get(i);
                boolean train = doc.event().split() == Split.TRAIN;
                if (model == null || doc.document() == null) {
                    out[i] = ScoredDocument.unscored(doc.event().id(), train);
                    metrics.unscored(domain, model == null ? "no-model" : "no-text");
                } else {
                    texts.add(new TextToScore(doc.event().id(), train, doc.document().scoringText()));
                    positions.add(i);
                }
            }
            if (model != null && !texts.isEmpty()) {
                try {
                    List<ScoredDocument> results = scorer.score(model.handle(), model.rarePairs(), texts);
                    for (int k = 0; k < results.size(); k++) {
                        out[positions.get(k)] = results.get(k);
                    }
                } catch (DocumentScorer.ModelRetiredException e) {
                    if (attempt < RETIRED_RETRIES) {
                        continue; // swapped while we scored: score again with the new model
                    }
                    throw new IllegalStateException("model of " + domain + " was replaced " + RETIRED_RETRIES + " times while scoring");
                }
            }
            for (ScoredDocument s : out) {
                if (s.scored()) {
                    metrics.scored(domain, s.bitsPerByte());
                }
            }
            return new DomainBatch(domain, ModelRegistry.context(model, domain), List.of(out));
        }
    }

    private List<Detection> detect(List<DomainBatch> batches, Instant now) {
        List<Detection> detections = new ArrayList<>();
        for (DomainBatch batch : batches) {
            DetectorState state = store.load(batch.domain()).orElse(null);
            if (state == null) {
                state = detector.fresh(batch.domain(), batch.model());
            } else if (DriftDetector.isNewModel(state, batch.model())) {
                LOG.infof("domain %s: new model %s replaces %s, detector reset", batch.domain(),
                        batch.model().version(), state.modelVersion());
                state = detector.fresh(batch.domain(), batch.model());
            }
            for (ScoredDocument doc : batch.documents()) {
                if (state.recentlySeen(doc.id())) {
                    metrics.duplicate(batch.domain());
                    continue; // redelivered after a crash before the offset commit
                }
                Detection d = detector.observe(state, batch.model(), doc, now);
                if (d != null) {
                    store.record(d);
                    detections.add(d);
                }
            }
            store.save(state, now);
            metrics.statistic(batch.domain(), state.ownModel() ? state.statistic() : state.trainDocuments());
        }
        return detections;
    }

    public DriftDetector detector() {
        return detector;
    }
}
