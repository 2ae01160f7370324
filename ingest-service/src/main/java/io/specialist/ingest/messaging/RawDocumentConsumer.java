package io.specialist.ingest.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.specialist.ingest.config.IngestConfig;
import io.specialist.ingest.service.Checked;
import io.specialist.ingest.service.DocumentValidator;
import io.specialist.ingest.service.IngestMetrics;
import io.specialist.ingest.service.IngestService;
import io.specialist.ingest.service.ItemOutcome;
import io.specialist.ingest.service.NewDocument;
import io.specialist.ingest.service.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code specialist.documents.raw} in batches. A batch is stored in one database transaction
 * and its rejects are acknowledged by the dead-letter topic before the method returns; only then is the
 * batch acknowledged, and the connector commits offsets of acknowledged records. So a crash at any point
 * re-delivers records rather than losing them, and re-delivered records are recognised as duplicates.
 * A bad record goes to the DLQ and never stops the batch or its partition; an infrastructure failure
 * (database or broker down) is retried with back-off and, if it persists, fails the channel so health
 * turns DOWN and the orchestrator restarts the service.
 */
@ApplicationScoped
public class RawDocumentConsumer {

    private static final Logger LOG = Logger.getLogger(RawDocumentConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final DocumentValidator validator;
    private final IngestService ingest;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final IngestConfig config;

    public RawDocumentConsumer(DocumentValidator validator, IngestService ingest, DeadLetterPublisher deadLetters,
            IngestMetrics metrics, IngestConfig config) {
        this.validator = validator;
        this.ingest = ingest;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.config = config;
    }

    @Incoming(IngestChannels.RAW)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        List<ConsumerRecord<String, byte[]>> valid = new ArrayList<>(records.count());
        List<NewDocument> documents = new ArrayList<>(records.count());
        List<Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Checked checked = validator.check(record.value());
            if (checked.isValid()) {
                valid.add(record);
                documents.add(checked.document());
            } else {
                rejected.add(new Rejected(record, checked.rejection()));
            }
        }
        long validatedCpu = THREADS.getCurrentThreadCpuTime();
        Duration backoff = config.consumer().retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                process(valid, documents, rejected);
                if (LOG.isDebugEnabled()) {
                    // CPU times next to the wall time: on a shared machine the wall time measures the load.
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    LOG.debugf("batch of %d records (%d rejected) done in %d ms (thread CPU: validate %d ms, store %d ms)",
                            records.count(), rejected.size(), (System.nanoTime() - start) / 1_000_000,
                            (validatedCpu - cpuStart) / 1_000_000, (cpu - validatedCpu) / 1_000_000);
                }
                metrics.submissions(IngestMetrics.Channel.KAFKA, ItemOutcome.Status.REJECTED, rejected.size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= config.consumer().maxAttempts()) {
                    LOG.errorf(e, "giving up on a batch of %d records after %d attempts; failing the channel",
                            records.count(), attempt);
                    throw e;
                }
                LOG.warnf("batch of %d records failed (attempt %d of %d), retrying in %s: %s", records.count(),
                        attempt, config.consumer().maxAttempts(), backoff, e);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void process(List<ConsumerRecord<String, byte[]>> valid, List<NewDocument> documents,
            List<Rejected> validationRejects) {
        List<Rejected> rejected = new ArrayList<>(validationRejects);
        List<ItemOutcome> outcomes = ingest.store(documents, IngestMetrics.Channel.KAFKA);
        for (int i = 0; i < outcomes.size(); i++) {
            ItemOutcome outcome = outcomes.get(i);
            if (outcome.status() == ItemOutcome.Status.REJECTED) {
                rejected.add(new Rejected(valid.get(i), outcome.rejection()));
            } else if (outcome.status() == ItemOutcome.Status.DUPLICATE) {
                LOG.debugf("record %s-%d@%d is a duplicate of document %s", valid.get(i).topic(),
                        valid.get(i).partition(), valid.get(i).offset(), outcome.id());
            }
        }
        if (rejected.isEmpty()) {
            return;
        }
        List<Uni<Void>> sends = rejected.stream().map(r -> {
            LOG.infof("rejected record %s-%d@%d: %s", r.record().topic(), r.record().partition(), r.record().offset(),
                    r.rejection().message());
            return deadLetters.publish(r.record(), r.rejection());
        }).toList();
        Uni.join().all(sends).andFailFast().await().atMost(config.dlq().sendTimeout());
        metrics.deadLettered(rejected.size());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a batch", e);
        }
    }

    private record Rejected(ConsumerRecord<String, byte[]> record, Rejection rejection) {
    }
}
