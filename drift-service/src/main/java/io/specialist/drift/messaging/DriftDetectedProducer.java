package io.specialist.drift.messaging;

import io.specialist.events.DriftDetected;
import io.specialist.events.Topics;
import io.specialist.events.messaging.AckedSender;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Sends {@code DriftDetected} events (key = domain, CloudEvents binary headers) and waits for the broker. */
@ApplicationScoped
public class DriftDetectedProducer {

    private final AckedSender sender;

    public DriftDetectedProducer(@Channel(Channels.DRIFT_DETECTED) Emitter<String> emitter) {
        this.sender = new AckedSender(emitter, Channels.SOURCE, Duration.ofSeconds(30));
    }

    /**
     * @throws IllegalStateException if the broker did not acknowledge the event
     */
    public void send(DriftDetected event) {
        sender.send(event.domain(), Topics.TYPE_DRIFT_DETECTED, event, "the drift event of " + event.domain());
    }
}
