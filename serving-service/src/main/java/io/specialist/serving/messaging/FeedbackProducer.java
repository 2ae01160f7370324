package io.specialist.serving.messaging;

import io.specialist.events.FeedbackSubmitted;
import io.specialist.events.Topics;
import io.specialist.events.messaging.AckedSender;
import io.specialist.serving.config.FeedbackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Sends expert feedback to {@code specialist.feedback} (key = domain) and waits for the broker. */
@ApplicationScoped
public class FeedbackProducer {

    /** Channel name; the topic is {@code mp.messaging.outgoing.feedback.topic}. */
    static final String CHANNEL = "feedback";
    private static final String SOURCE = "/serving-service";

    private final AckedSender sender;

    public FeedbackProducer(@Channel(CHANNEL) Emitter<String> emitter, FeedbackConfig config) {
        this.sender = new AckedSender(emitter, SOURCE, config.sendTimeout());
    }

    /** @throws IllegalStateException if the broker did not acknowledge the event in time */
    public void send(String domain, FeedbackSubmitted feedback) {
        sender.send(domain, Topics.TYPE_FEEDBACK_SUBMITTED, feedback, "the feedback for " + domain);
    }
}
