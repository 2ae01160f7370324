package io.specialist.trainer.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.specialist.events.DocumentIngested;
import io.specialist.events.DocumentKind;
import io.specialist.events.EventCodec;
import io.specialist.events.MalformedEventException;
import io.specialist.trainer.registry.ModelVersion;
import io.specialist.trainer.service.SftTrigger;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code specialist.documents.ingested} for instruction examples, which feed the sft trigger; plain
 * documents are left to drift. A record that cannot be decoded is logged, counted and skipped.
 */
@ApplicationScoped
public class InstructionExampleConsumer {

    private static final Logger LOG = Logger.getLogger(InstructionExampleConsumer.class);

    private final SftTrigger trigger;
    private final MeterRegistry meters;

    public InstructionExampleConsumer(SftTrigger trigger, MeterRegistry meters) {
        this.trigger = trigger;
        this.meters = meters;
    }

    @Incoming(Channels.DOCUMENTS_INGESTED)
    @Blocking
    public void onIngested(String payload) {
        DocumentIngested event;
        try {
            event = EventCodec.fromJson(payload, DocumentIngested.class);
        } catch (MalformedEventException e) {
            LOG.warnf("skipping a documents.ingested record: %s", e.getMessage());
            count("malformed");
            return;
        }
        if (event.kind() != DocumentKind.INSTRUCTION) {
            count("document");
            return;
        }
        if (!ModelVersion.validDomain(event.domain())) {
            LOG.warnf("skipping instruction example %s: domain '%s' cannot have a model", event.id(), event.domain());
            count("malformed");
            return;
        }
        trigger.exampleIngested(event.id(), event.domain());
        count("instruction");
    }

    private void count(String outcome) {
        meters.counter("specialist_trainer_ingested_events_total", "outcome", outcome).increment();
    }
}
