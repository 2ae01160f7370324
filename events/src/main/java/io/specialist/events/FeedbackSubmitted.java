package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An expert's judgement of a completion: either by {@code completionId} or by (model, prompt,
 * completion); {@code rating} is -1/+1 or 1-5; {@code preferred}/{@code rejected} form a preference pair.
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
        Instant submittedAt) {

    public FeedbackSubmitted {
        schemaVersion = Require.schemaVersion(schemaVersion);
        if (completionId == null && (model == null || prompt == null || completion == null)) {
            throw new IllegalArgumentException(
                    "feedback needs 'completionId' or all of 'model', 'prompt' and 'completion'");
        }
        Require.present(submittedAt, "submittedAt");
    }
}
