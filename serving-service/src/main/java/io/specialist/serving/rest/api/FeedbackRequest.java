package io.specialist.serving.rest.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /v1/feedback}: an expert's judgement of a completion. */
@Schema(description = "A rating or preference for a completion: by completionId, or by model, prompt and completion")
public record FeedbackRequest(
        @Schema(description = "the id of a completion this service answered (cmpl-...)")
        String completionId,
        @Schema(description = "the model that wrote the completion (legal@3, or legal); with prompt and completion"
                + " instead of completionId")
        String model,
        @Schema(description = "the prompt of the completion")
        String prompt,
        @Schema(description = "the completion's text")
        String completion,
        @Schema(description = "-1 or 1 (thumbs), or 1 to 5 (stars)")
        Double rating,
        @Schema(description = "'thumbs' or 'stars'; needed only for a one-star rating", enumeration = {"thumbs", "stars"})
        String scale,
        @Schema(description = "a better completion for the same prompt")
        String preferred,
        @Schema(description = "a worse completion for the same prompt")
        String rejected,
        @Schema(description = "who judged (an id or name of the expert)")
        String expert) {
}
