package io.specialist.drift.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.drift.config.DriftConfig;
import io.specialist.drift.detector.Calibration;
import io.specialist.drift.detector.NormalSampler;
import io.specialist.drift.detector.RarePairs;
import io.specialist.drift.detector.ReferenceProfile;
import io.specialist.drift.detector.ScoreSampler;
import io.specialist.drift.detector.ScoredDocument;
import io.specialist.drift.detector.SmoothedBootstrapSampler;
import io.specialist.drift.detector.Standardizer;
import io.specialist.drift.detector.Stats;
import io.specialist.drift.detector.ThresholdCalibrator;
import io.specialist.drift.repository.ReferenceEntity;
import io.specialist.drift.repository.ReferenceRepository;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Builds, calibrates and stores the reference distribution of a model version, once: from the domain's
 * held-out documents scored here (preferred: the very scorer the detector uses, and a sample to bootstrap
 * from), else from the reference metrics of the ModelPublished event (a normal fit).
 */
@ApplicationScoped
public class ReferenceService {

    private static final Logger LOG = Logger.getLogger(ReferenceService.class);
    static final String METRIC_MEAN = "referenceBitsPerByteMean";
    static final String METRIC_STD = "referenceBitsPerByteStd";
    static final String METRIC_COUNT = "referenceCount";
    /** Held-out documents read at most to find the newest ones, as a multiple of reference.max-documents. */
    private static final int SCAN_FACTOR = 50;

    private final DriftConfig config;
    private final IngestClient ingest;
    private final DocumentScorer scorer;
    private final ReferenceRepository references;

    public ReferenceService(DriftConfig config, IngestClient ingest, DocumentScorer scorer, ReferenceRepository references) {
        this.config = config;
        this.ingest = ingest;
        this.scorer = scorer;
        this.references = references;
    }

    /** The stored reference of {@code version}, or a new one; null if there is nothing to build one from. */
    public ReferenceProfile referenceFor(String version, String domain, RefCounted<OrtLanguageModel> model,
            RarePairs pairs, Map<String, Double> publishedMetrics) {
        ReferenceEntity stored = QuarkusTransaction.requiringNew().call(() -> references.findById(version));
        if (stored != null) {
            return toProfile(stored);
        }
        ReferenceProfile profile = fromHeldOut(version, domain, model, pairs);
        if (profile == null) {
            profile = fromMetrics(version, publishedMetrics);
        }
        if (profile == null) {
            LOG.warnf("no reference for %s: fewer than %d held-out documents of domain %s in ingest and no %s/%s"
                    + " metrics in the event; its domain is scored but cannot fire", version,
                    config.reference().minDocuments(), domain, METRIC_MEAN, METRIC_STD);
            return null;
        }
        ReferenceProfile saved = profile;
        QuarkusTransaction.requiringNew().run(() -> {
            if (references.findById(version) == null) {
                references.persist(toEntity(saved, domain));
            }
        });
        Calibration c = profile.calibration();
        LOG.infof("reference of %s: %s, %d documents, mean %.4f std %.4f bits/byte; CUSUM k=%.2f h=%.3f"
                + " (simulated ARL %.0f documents, target %.0f, %s)", version, profile.source(), profile.count(),
                profile.mean(), profile.std(), c.allowance(), c.threshold(), c.estimatedArl(), c.targetArl(), c.sampler());
        return profile;
    }

    private ReferenceProfile fromHeldOut(String version, String domain, RefCounted<OrtLanguageModel> model, RarePairs pairs) {
        List<TextToScore> texts;
        try {
            texts = newestHeldOut(domain);
        } catch (UpstreamException e) {
            LOG.warnf("cannot read held-out documents of %s from ingest for the reference of %s: %s", domain, version,
                    e.getMessage());
            return null;
        }
        if (texts.size() < config.reference().minDocuments()) {
            return null;
        }
        List<ScoredDocument> scored = scorer.score(model, pairs, texts).stream().filter(ScoredDocument::scored).toList();
        if (scored.size() < config.reference().minDocuments()) {
            return null;
        }
        double[] bpb = scored.stream().mapToDouble(ScoredDocument::bitsPerByte).toArray();
        double mean = Stats.mean(bpb);
        double std = Stats.std(bpb);
        if (!(std > 0)) {
            return null;
        }
        Standardizer standardizer = new Standardizer(mean, std, config.detector().zClip());
        Calibration calibration = calibrate(new SmoothedBootstrapSampler(bpb, standardizer), version);
        return new ReferenceProfile(version, ReferenceProfile.SOURCE_HELDOUT, bpb.length, mean, std,
                Stats.mean(scored.stream().mapToDouble(ScoredDocument::tokensPerByte).toArray()),
                Stats.mean(scored.stream().mapToDouble(ScoredDocument::rarePairShare).toArray()), calibration);
    }

    /** The newest {@code reference.max-documents} held-out documents (the list endpoint pages oldest first). */
    private List<TextToScore> newestHeldOut(String domain) {
        int max = config.reference().maxDocuments();
        int pageSize = config.fetch().pageSize();
        Deque<TextToScore> newest = new ArrayDeque<>(max);
        long after = 0;
        long scanned = 0;
        while (scanned < (long) max * SCAN_FACTOR) {
            List<IngestDocument> page = ingest.page(domain, "heldout", after, pageSize);
            for (IngestDocument doc : page) {
                if (newest.size() == max) {
                    newest.removeFirst();
                }
                newest.addLast(new TextToScore(doc.id(), false, doc.scoringText()));
            }
            scanned += page.size();
            if (page.size() < pageSize) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        return List.copyOf(newest);
    }

    private ReferenceProfile fromMetrics(String version, Map<String, Double> metrics) {
        Double mean = metrics == null ? null : metrics.get(METRIC_MEAN);
        Double std = metrics == null ? null : metrics.get(METRIC_STD);
        if (mean == null || std == null || !Double.isFinite(mean) || !(std > 0)) {
            return null;
        }
        long count = metrics.getOrDefault(METRIC_COUNT, 0.0).longValue();
        Calibration calibration = calibrate(new NormalSampler(config.detector().zClip()), version);
        return new ReferenceProfile(version, ReferenceProfile.SOURCE_PUBLISHED, count, mean, std, Double.NaN,
                Double.NaN, calibration);
    }

    private Calibration calibrate(ScoreSampler sampler, String version) {
        DriftConfig.Detector d = config.detector();
        double target = d.targetArl() * config.calibration().safetyFactor();
        return ThresholdCalibrator.calibrate(sampler, d.allowance(), d.zClip(), target,
                config.calibration().simulatedDocuments(), config.calibration().seed() ^ version.hashCode());
    }

    public static ReferenceProfile toProfile(ReferenceEntity e) {
        Calibration c = new Calibration(e.threshold, e.allowance, e.zClip, e.targetArl, e.estimatedArl,
                e.simulatedDocuments, e.falseAlarms, e.sampler);
        return new ReferenceProfile(e.modelVersion, e.source, e.count, e.mean, e.std,
                e.tokensPerByte == null ? Double.NaN : e.tokensPerByte,
                e.rarePairShare == null ? Double.NaN : e.rarePairShare, c);
    }

    private static ReferenceEntity toEntity(ReferenceProfile p, String domain) {
        ReferenceEntity e = new ReferenceEntity();
        e.modelVersion = p.modelVersion();
        e.domain = domain;
        e.source = p.source();
        e.count = p.count();
        e.mean = p.mean();
        e.std = p.std();
        e.tokensPerByte = Double.isNaN(p.tokensPerByte()) ? null : p.tokensPerByte();
        e.rarePairShare = Double.isNaN(p.rarePairShare()) ? null : p.rarePairShare();
        Calibration c = p.calibration();
        e.threshold = c.threshold();
        e.allowance = c.allowance();
        e.zClip = c.clip();
        e.targetArl = c.targetArl();
        e.estimatedArl = Double.isInfinite(c.estimatedArl()) ? c.simulatedDocuments() : c.estimatedArl();
        e.simulatedDocuments = c.simulatedDocuments();
        e.falseAlarms = c.falseAlarms();
        e.sampler = c.sampler();
        e.calibratedAt = Instant.now();
        return e;
    }
}
