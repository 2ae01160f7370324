package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An expert's judgement of a completion: either by {@code completionId} or by (model, prompt,
 * completion). {@code rating} is thumbs (-1 / +1) or stars (1-5); {@code scale} says which and may be left
 * out except for one star, since a bare 1 reads as thumbs up. {@code preferred} / {@code rejected} are
 * completion texts that form a preference pair with the rated completion (or with each other). A judgement
 * needs a rating, a preferred or a rejected text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackSubmitted(
        Integer schemaVersion,
        String completionId,
        String model,
        String prompt,
        String completion,
        Double rating,
        String preferred,
        String rejected,
        String expert,
        Instant submittedAt,
        RatingScale scale) {

    public FeedbackSubmitted {
        schemaVersion = Require.schemaVersion(schemaVersion);
        if (completionId == null && (model == null || prompt == null || completion == null)) {
            throw new IllegalArgumentException(
                    "feedback needs 'completionId' or all of 'model', 'prompt' and 'completion'");
        }
        if (rating == null && preferred == null && rejected == null) {
            throw new IllegalArgumentException("feedback needs a 'rating', a 'preferred' or a 'rejected' completion");
        }
        if (rating != null) {
            scale = RatingScale.check(rating, scale);
        }
        Require.present(submittedAt, "submittedAt");
    }

    /** Without an explicit scale (the form of schema version 1 producers). */
    public FeedbackSubmitted(Integer schemaVersion, String completionId, String model, String prompt, String completion,
            Double rating, String preferred, String rejected, String expert, Instant submittedAt) {
        this(schemaVersion, completionId, model, prompt, completion, rating, preferred, rejected, expert, submittedAt,
                null);
    }

    /** The rating on one scale, -1 (worst) to +1 (best); NaN without a rating. */
    @JsonIgnore
    public double normalizedRating() {
        return rating == null ? Double.NaN : scale.normalize(rating);
    }
}
