package io.specialist.drift.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The service's Micrometer meters, created once per tag set. */
@ApplicationScoped
public class DriftMetrics {

    private final MeterRegistry registry;
    private final Map<String, DistributionSummary> scoreHistograms = new ConcurrentHashMap<>();
    private final Map<String, Double> statistics = new ConcurrentHashMap<>();

    public DriftMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A document scored: counted and its bits per byte added to the domain's histogram. */
    public void scored(String domain, double bitsPerByte) {
        registry.counter("drift.documents.scored", "domain", domain).increment();
        scoreHistograms.computeIfAbsent(domain, d -> DistributionSummary.builder("drift.score.bits.per.byte")
                .description("Bits per byte of scored documents under the domain's served model")
                .tags("domain", d)
                .serviceLevelObjectives(0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8)
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(registry)).record(bitsPerByte);
    }

    /** A document that could not be scored (reason: no-model, no-text). */
    public void unscored(String domain, String reason) {
        registry.counter("drift.documents.unscored", "domain", domain, "reason", reason).increment();
    }

    public void duplicate(String domain) {
        registry.counter("drift.documents.duplicates", "domain", domain).increment();
    }

    public void detection(String domain, String reason) {
        registry.counter("drift.detections", "domain", domain, "reason", reason).increment();
    }

    /** A record that could not be read as its event (payload or headers). */
    public void malformed(String channel) {
        registry.counter("drift.events.malformed", "channel", channel).increment();
    }

    public void modelLoaded(String domain) {
        registry.counter("drift.models.loaded", "domain", domain).increment();
    }

    public void modelRefused(String domain) {
        registry.counter("drift.models.refused", "domain", domain).increment();
    }

    public void batchFailed() {
        registry.counter("drift.batches.failed").increment();
    }

    public void batch(Duration took, int documents) {
        Timer.builder("drift.batch.duration").description("Scoring, detection and persistence of one batch")
                .register(registry).record(took);
        registry.summary("drift.batch.documents").record(documents);
    }

    /** Current statistic of a domain's detector, as a gauge. */
    public void statistic(String domain, double value) {
        if (statistics.put(domain, value) == null) {
            registry.gauge("drift.statistic", io.micrometer.core.instrument.Tags.of("domain", domain), statistics,
                    m -> m.getOrDefault(domain, 0.0));
        }
    }

    public void queueGauge(Supplier<Number> depth) {
        io.micrometer.core.instrument.Gauge.builder("drift.queue.batches", () -> depth.get())
                .description("Fetched batches waiting for the scorer").strongReference(true).register(registry);
    }

    public Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }
}
