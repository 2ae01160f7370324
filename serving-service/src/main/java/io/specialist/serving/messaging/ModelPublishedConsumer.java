package io.specialist.serving.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.EventCodec;
import io.specialist.events.MalformedEventException;
import io.specialist.events.ModelPublished;
import io.specialist.events.Topics;
import io.specialist.serving.service.SwapManager;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code specialist.models.published}. Every replica reads the topic in a consumer group of its
 * own (see application.properties), so every replica swaps. A malformed record is logged and counted,
 * never retried and never stops the consumer; swaps happen one at a time, in topic order.
 */
@ApplicationScoped
public class ModelPublishedConsumer {

    /** Channel name; the topic is {@code mp.messaging.incoming.models-published.topic}. */
    public static final String CHANNEL = "models-published";
    private static final Logger LOG = Logger.getLogger(ModelPublishedConsumer.class);

    private final SwapManager swaps;
    private final Counter malformed;
    private final Counter received;

    public ModelPublishedConsumer(SwapManager swaps, MeterRegistry metrics) {
        this.swaps = swaps;
        this.malformed = Counter.builder("specialist.serving.events.malformed")
                .description("models.published records that could not be decoded").register(metrics);
        this.received = Counter.builder("specialist.serving.events.received")
                .description("models.published records received").register(metrics);
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        received.increment();
        try {
            String type = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> CloudEventHeaders.value(m.getHeaders(), CloudEventHeaders.CE_TYPE)).orElse(null);
            if (type != null && !Topics.TYPE_MODEL_PUBLISHED.equals(type)) {
                LOG.debugf("ignoring a %s event on the models topic", type);
            } else {
                swaps.onPublished(EventCodec.fromJson(message.getPayload(), ModelPublished.class));
            }
        } catch (MalformedEventException e) {
            malformed.increment();
            LOG.errorf("skipping a malformed %s record (%s): %s", Topics.MODELS_PUBLISHED, position(message), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling the %s record %s failed; the current models keep serving", Topics.MODELS_PUBLISHED,
                    position(message));
        }
        return message.ack();
    }

    private static String position(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> "partition " + m.getPartition() + " offset " + m.getOffset()).orElse("unknown position");
    }
}
