package io.specialist.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Counters exported at /q/metrics: submissions by channel and outcome, published and failed events. */
@Singleton
public class IngestMetrics {

    /** Where a submission came from. */
    public enum Channel {
        KAFKA, REST;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;
    private final Counter published;
    private final Counter publishFailures;
    private final Counter deadLettered;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.published = Counter.builder("specialist.ingest.outbox.published")
                .description("Events the outbox relay published and the broker acknowledged").register(registry);
        this.publishFailures = Counter.builder("specialist.ingest.outbox.failures")
                .description("Outbox events whose publication failed and will be retried").register(registry);
        this.deadLettered = Counter.builder("specialist.ingest.dead.lettered")
                .description("Raw records sent to the dead-letter topic").register(registry);
    }

    public void submissions(Channel channel, ItemOutcome.Status status, int count) {
        if (count > 0) {
            Counter.builder("specialist.ingest.submissions")
                    .description("Submissions by channel and outcome")
                    .tag("channel", channel.tag())
                    .tag("outcome", status.name().toLowerCase())
                    .register(registry)
                    .increment(count);
        }
    }

    public void published(int count) {
        published.increment(count);
    }

    public void publishFailures(int count) {
        publishFailures.increment(count);
    }

    public void deadLettered(int count) {
        deadLettered.increment(count);
    }
}
