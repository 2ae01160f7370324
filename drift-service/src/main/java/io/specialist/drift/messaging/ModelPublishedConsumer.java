package io.specialist.drift.messaging;

import io.smallrye.common.annotation.Blocking;
import io.specialist.drift.service.DriftMetrics;
import io.specialist.drift.service.ModelService;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.EventCodec;
import io.specialist.events.MalformedEventException;
import io.specialist.events.ModelPublished;
import io.specialist.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code models.published}: loads the new model of a domain (every replica, each in its own
 * consumer group, since any replica may own any domain).
 */
@ApplicationScoped
public class ModelPublishedConsumer {

    private static final Logger LOG = Logger.getLogger(ModelPublishedConsumer.class);

    private final ModelService models;
    private final DriftMetrics metrics;

    public ModelPublishedConsumer(ModelService models, DriftMetrics metrics) {
        this.models = models;
        this.metrics = metrics;
    }

    @Incoming(Channels.MODELS_PUBLISHED)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        ModelPublished event;
        try {
            String type = CloudEventHeaders.value(record.headers(), CloudEventHeaders.CE_TYPE);
            if (type != null && !type.equals(Topics.TYPE_MODEL_PUBLISHED)) {
                throw new MalformedEventException("ce_type is '" + type + "', expected " + Topics.TYPE_MODEL_PUBLISHED);
            }
            event = EventCodec.fromJson(record.value(), ModelPublished.class);
        } catch (MalformedEventException e) {
            metrics.malformed(Channels.MODELS_PUBLISHED);
            LOG.warnf("skipped malformed record %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
            return;
        }
        models.onPublished(event);
    }
}
