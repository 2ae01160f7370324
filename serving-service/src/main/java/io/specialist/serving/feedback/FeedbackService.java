package io.specialist.serving.feedback;

import io.micrometer.core.instrument.MeterRegistry;
import io.specialist.events.FeedbackSubmitted;
import io.specialist.events.Problem;
import io.specialist.events.RatingScale;
import io.specialist.serving.config.FeedbackConfig;
import io.specialist.serving.config.ServingConfig;
import io.specialist.serving.messaging.FeedbackProducer;
import io.specialist.serving.rest.api.FeedbackRequest;
import io.specialist.serving.service.ModelRef;
import io.specialist.serving.service.ServingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Turns a feedback request into a complete {@link FeedbackSubmitted} (a completion id is resolved to the
 * model version, prompt and completion it stands for, so the trainer can build preference pairs without
 * asking serving) and sends it to {@code specialist.feedback}.
 */
@ApplicationScoped
public class FeedbackService {

    private static final Logger LOG = Logger.getLogger(FeedbackService.class);

    private final CompletionLog completions;
    private final FeedbackProducer producer;
    private final FeedbackConfig config;
    private final ServingConfig serving;
    private final MeterRegistry metrics;

    public FeedbackService(CompletionLog completions, FeedbackProducer producer, FeedbackConfig config,
            ServingConfig serving, MeterRegistry metrics) {
        this.completions = completions;
        this.producer = producer;
        this.config = config;
        this.serving = serving;
        this.metrics = metrics;
    }

    /** The accepted judgement, after Kafka acknowledged it. */
    public FeedbackSubmitted submit(FeedbackRequest request) {
        List<Problem.Item> errors = new ArrayList<>();
        RatingScale scale = scale(request, errors);
        checkText(request.preferred(), "/preferred", errors);
        checkText(request.rejected(), "/rejected", errors);
        if (request.expert() != null && request.expert().length() > 200) {
            errors.add(new Problem.Item("/expert", "expert is at most 200 characters"));
        }
        if (request.rating() == null && request.preferred() == null && request.rejected() == null) {
            errors.add(new Problem.Item("/rating", "give a 'rating' (-1 or 1, or 1 to 5 stars), a 'preferred' or a"
                    + " 'rejected' completion"));
        }
        CompletionRecord judged = judged(request, errors);
        if (!errors.isEmpty()) {
            outcome("invalid");
            throw ServingException.invalid(errors);
        }
        FeedbackSubmitted event = new FeedbackSubmitted(null, request.completionId(), judged.modelVersion(),
                judged.prompt(), judged.completion(), request.rating(), request.preferred(), request.rejected(),
                request.expert(), Instant.now(), scale);
        String domain = ModelRef.parse(judged.modelVersion()).domain();
        try {
            producer.send(domain, event);
        } catch (IllegalStateException e) {
            outcome("unavailable");
            LOG.warnf("feedback for %s not accepted: %s", domain, e.getMessage());
            throw ServingException.unavailable("Feedback not recorded",
                    "the feedback could not be handed to Kafka; send it again: " + e.getMessage(),
                    serving.serving().retryAfterSeconds());
        }
        outcome("accepted");
        LOG.debugf("feedback accepted for %s (completion %s, rating %s)", judged.modelVersion(),
                request.completionId(), request.rating());
        return event;
    }

    private RatingScale scale(FeedbackRequest request, List<Problem.Item> errors) {
        RatingScale given = null;
        if (request.scale() != null) {
            try {
                given = RatingScale.fromWire(request.scale());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.Item("/scale", e.getMessage()));
                return null;
            }
        }
        if (request.rating() == null) {
            return given;
        }
        try {
            return RatingScale.check(request.rating(), given);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.Item("/rating", e.getMessage()));
            return null;
        }
    }

    /** The completion the feedback is about: the stored one for a completion id, else the request's own. */
    private CompletionRecord judged(FeedbackRequest request, List<Problem.Item> errors) {
        if (request.completionId() != null) {
            if (request.model() != null || request.prompt() != null || request.completion() != null) {
                errors.add(new Problem.Item("/completionId", "give either 'completionId' or 'model', 'prompt' and"
                        + " 'completion', not both"));
                return null;
            }
            CompletionRecord stored = completions.find(request.completionId()).orElse(null);
            if (stored == null && errors.isEmpty()) {
                outcome("unknown-completion");
                throw new ServingException(404, "Unknown completion", "no completion '" + request.completionId()
                        + "' is on record (completions can be rated by id for " + config.retention().toDays()
                        + " days); send 'model', 'prompt' and 'completion' instead");
            }
            return stored;
        }
        if (request.model() == null || request.prompt() == null || request.completion() == null) {
            errors.add(new Problem.Item("/completionId", "give 'completionId', or all of 'model', 'prompt' and"
                    + " 'completion'"));
            return null;
        }
        try {
            ModelRef.parse(request.model());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.Item("/model", e.getMessage()));
        }
        if (request.prompt().length() > serving.serving().maxPromptChars()) {
            errors.add(new Problem.Item("/prompt", "prompt is longer than " + serving.serving().maxPromptChars()
                    + " characters"));
        }
        checkText(request.completion(), "/completion", errors);
        return new CompletionRecord(null, request.model(), request.prompt(), request.completion(), null);
    }

    private void checkText(String text, String pointer, List<Problem.Item> errors) {
        if (text == null) {
            return;
        }
        if (text.isBlank()) {
            errors.add(new Problem.Item(pointer, pointer.substring(1) + " must not be empty"));
        } else if (text.length() > config.maxTextChars()) {
            errors.add(new Problem.Item(pointer, pointer.substring(1) + " is longer than " + config.maxTextChars()
                    + " characters"));
        }
    }

    private void outcome(String outcome) {
        metrics.counter("specialist.serving.feedback", "outcome", outcome).increment();
    }
}
