package io.specialist.drift.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.drift.messaging.DriftDetectedProducer;
import io.specialist.drift.repository.DetectionEntity;
import io.specialist.drift.repository.DetectionRepository;
import io.specialist.events.DriftDetected;
import io.specialist.events.Events;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends the detections that are not yet published (outbox): right after the batch that found them and
 * every few seconds, so a detection found while Kafka was unreachable goes out once it is back.
 */
@ApplicationScoped
public class DetectionPublisher {

    private static final Logger LOG = Logger.getLogger(DetectionPublisher.class);
    private static final int BATCH = 100;
    private static final long RETRY_SECONDS = 10;

    private final DetectionRepository detections;
    private final DriftDetectedProducer producer;
    private ScheduledExecutorService retry;

    public DetectionPublisher(DetectionRepository detections, DriftDetectedProducer producer) {
        this.detections = detections;
        this.producer = producer;
    }

    void start(@Observes StartupEvent event) {
        retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drift-detection-publisher");
            t.setDaemon(true);
            return t;
        });
        retry.scheduleWithFixedDelay(this::publishQuietly, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (retry != null) {
            retry.shutdownNow();
        }
    }

    private void publishQuietly() {
        try {
            publishPending();
        } catch (RuntimeException e) {
            LOG.warnf("publishing pending detections failed, will retry: %s", e.getMessage());
        }
    }

    /** Publishes unpublished detections in order; stops at the first failure (retried later). */
    public synchronized int publishPending() {
        List<DetectionEntity> pending = QuarkusTransaction.requiringNew().call(() -> detections.unpublished(BATCH));
        int sent = 0;
        for (DetectionEntity e : pending) {
            DriftDetected event = new DriftDetected(Events.SCHEMA_VERSION, e.domain, e.modelVersion, e.statistic,
                    e.threshold, StateStore.windowDocIds(e), e.detectedAt, StateStore.signals(e));
            try {
                producer.send(event);
            } catch (RuntimeException ex) {
                LOG.warnf("could not publish the drift detection %d of %s yet: %s", e.id, e.domain, ex.getMessage());
                return sent;
            }
            Long id = e.id;
            QuarkusTransaction.requiringNew().run(() -> detections.update("publishedAt = ?1 where id = ?2", Instant.now(), id));
            sent++;
        }
        return sent;
    }
}
