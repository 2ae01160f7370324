package io.specialist.trainer.feedback;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.EventCodec;
import io.specialist.events.FeedbackSubmitted;
import io.specialist.events.MalformedEventException;
import io.specialist.events.Topics;
import io.specialist.trainer.messaging.Channels;
import io.specialist.trainer.registry.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores {@code specialist.feedback} events and checks whether the domain now has enough new pairs for a
 * preference job. A record that cannot be decoded, has the wrong {@code ce_type} or cannot be learnt from is
 * logged, counted ({@code specialist_trainer_feedback_events_total{outcome="malformed"}}) and skipped: it never
 * stops the consumer. The event id is the {@code ce_id} header (else the SHA-256 of the payload), so a redelivered
 * event is stored once.
 */
@ApplicationScoped
public class FeedbackConsumer {

    private static final Logger LOG = Logger.getLogger(FeedbackConsumer.class);

    private final FeedbackStore store;
    private final PreferenceTrigger trigger;
    private final MeterRegistry meters;

    public FeedbackConsumer(FeedbackStore store, PreferenceTrigger trigger, MeterRegistry meters) {
        this.store = store;
        this.trigger = trigger;
        this.meters = meters;
    }

    @Incoming(Channels.FEEDBACK)
    @Blocking
    public void onFeedback(ConsumerRecord<String, String> record) {
        FeedbackSubmitted event;
        String eventId;
        try {
            String type = CloudEventHeaders.value(record.headers(), CloudEventHeaders.CE_TYPE);
            if (type != null && !type.equals(Topics.TYPE_FEEDBACK_SUBMITTED)) {
                throw new MalformedEventException("ce_type is '" + type + "', expected " + Topics.TYPE_FEEDBACK_SUBMITTED);
            }
            event = EventCodec.fromJson(record.value(), FeedbackSubmitted.class);
            String ceId = CloudEventHeaders.value(record.headers(), CloudEventHeaders.CE_ID);
            eventId = ceId != null && !ceId.isBlank() && ceId.length() <= 100 ? ceId
                    : Sha256.hex(record.value().getBytes(StandardCharsets.UTF_8));
        } catch (MalformedEventException e) {
            malformed(record, e.getMessage());
            return;
        }
        FeedbackStore.Outcome outcome;
        try {
            outcome = store.store(event, eventId);
        } catch (InvalidFeedbackException e) {
            malformed(record, e.getMessage());
            return;
        }
        meters.counter("specialist_trainer_feedback_events_total", "outcome",
                outcome == FeedbackStore.Outcome.STORED ? "stored" : "duplicate").increment();
        if (outcome == FeedbackStore.Outcome.STORED) {
            String domain = event.model().contains("@") ? event.model().substring(0, event.model().indexOf('@'))
                    : event.model();
            try {
                trigger.check(domain);
            } catch (RuntimeException e) {
                // the feedback is stored; the next judgement or the next start checks again
                LOG.warnf("checking domain %s for a preference job failed: %s", domain, e.getMessage());
            }
        }
    }

    private void malformed(ConsumerRecord<String, String> record, String why) {
        LOG.warnf("skipping feedback record %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(),
                record.key(), why);
        meters.counter("specialist_trainer_feedback_events_total", "outcome", "malformed").increment();
    }
}
