package io.specialist.trainer.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.specialist.events.DriftDetected;
import io.specialist.events.EventCodec;
import io.specialist.events.MalformedEventException;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.service.InvalidJobRequestException;
import io.specialist.trainer.service.JobRequest;
import io.specialist.trainer.service.JobService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns {@code specialist.drift.detected} events into fine-tuning jobs. A record that cannot be decoded, or
 * names an invalid domain, is logged and counted and skipped: it never stops the consumer.
 */
@ApplicationScoped
public class DriftDetectedConsumer {

    private static final Logger LOG = Logger.getLogger(DriftDetectedConsumer.class);

    private final JobService jobs;
    private final MeterRegistry meters;

    public DriftDetectedConsumer(JobService jobs, MeterRegistry meters) {
        this.jobs = jobs;
        this.meters = meters;
    }

    @Incoming(Channels.DRIFT_DETECTED)
    @Blocking(ordered = false)
    public void onDrift(String payload) {
        DriftDetected event;
        try {
            event = EventCodec.fromJson(payload, DriftDetected.class);
        } catch (MalformedEventException e) {
            malformed(e.getMessage());
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        if (event.modelVersion() != null) {
            detail.put("modelVersion", event.modelVersion());
        }
        detail.put("statistic", event.statistic());
        detail.put("threshold", event.threshold());
        detail.put("windowDocs", event.windowDocIds().size());
        detail.put("detectedAt", event.detectedAt().toString());
        try {
            jobs.trigger(new JobRequest(event.domain(), JobKind.FINE_TUNE, JobRequest.SOURCE_DRIFT, detail, null, null));
            meters.counter("specialist_trainer_drift_events_total", "outcome", "accepted").increment();
        } catch (InvalidJobRequestException e) {
            malformed(e.getMessage());
        }
    }

    private void malformed(String why) {
        LOG.warnf("skipping a drift.detected record: %s", why);
        meters.counter("specialist_trainer_drift_events_total", "outcome", "malformed").increment();
    }
}
