package io.specialist.trainer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.repository.SftCounterRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns new instruction examples into sft jobs: every example announced on {@code specialist.documents.ingested}
 * is counted once per document id in the database, and when a domain has {@code sft.min-examples} new ones it
 * gets an sft job (merged into its queued sft job if it has one; at most one job runs per domain).
 *
 * <p>Restart safe: the count is persisted with the dedup row, and the job is triggered before the count is
 * taken down. A crash in between triggers again on the next example (or on the redelivered one, which is not
 * counted twice but still checked), and that trigger merges into the queued job.
 */
@ApplicationScoped
public class SftTrigger {

    /** Trigger source of the jobs made here. */
    public static final String SOURCE = "instructions";

    private static final Logger LOG = Logger.getLogger(SftTrigger.class);

    private final SftCounterRepository counters;
    private final JobService jobs;
    private final TrainerConfig config;

    public SftTrigger(SftCounterRepository counters, JobService jobs, TrainerConfig config) {
        this.counters = counters;
        this.jobs = jobs;
        this.config = config;
    }

    private long count(String documentId, String domain, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> counters.count(documentId, domain, now));
            } catch (RuntimeException e) {
                // another consumer (a rebalance) created the domain's counter or this id's row first: read again
                if (attempt >= 3 || !Constraints.isConcurrentChange(e)) {
                    throw e;
                }
            }
        }
    }

    /** Counts one ingested instruction example; returns the job triggered by it, if any. */
    public java.util.Optional<TriggerResult> exampleIngested(String documentId, String domain) {
        Instant now = Instant.now();
        long pending = count(documentId, domain, now);
        int min = config.sft().minExamples();
        if (min <= 0 || pending < min) {
            return java.util.Optional.empty();
        }
        TriggerResult result = jobs.trigger(new JobRequest(domain, JobKind.SFT, SOURCE,
                Map.of("newExamples", pending, "minExamples", min), null, null));
        QuarkusTransaction.requiringNew().run(() -> counters.triggered(domain, pending, Instant.now()));
        LOG.infof("%d new instruction examples of domain %s (threshold %d): sft job %s", pending, domain, min,
                result.job().id());
        return java.util.Optional.of(result);
    }
}
