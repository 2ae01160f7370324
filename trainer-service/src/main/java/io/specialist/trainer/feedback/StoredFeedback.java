package io.specialist.trainer.feedback;

import java.time.Instant;

/** The fields of a stored judgement that pairs are built from; {@code rating} is in [-1, 1] or null. */
public record StoredFeedback(String prompt, String completion, Double rating, String preferred, String rejected,
        Instant receivedAt) {

    static StoredFeedback of(FeedbackEntity e) {
        return new StoredFeedback(e.prompt, e.completion, e.rating, e.preferred, e.rejected, e.receivedAt);
    }
}
