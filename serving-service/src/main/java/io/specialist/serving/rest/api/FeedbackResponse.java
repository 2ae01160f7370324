package io.specialist.serving.rest.api;

/** What {@code POST /v1/feedback} accepted and sent on to {@code specialist.feedback}. */
public record FeedbackResponse(String completionId, String model, String domain, Double rating, String scale,
        Double normalizedRating, boolean preferred, boolean rejected) {
}
