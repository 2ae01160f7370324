package io.specialist.trainer.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What {@code GET /v1/feedback/stats} reports for a domain.
 *
 * @param feedback     stored judgements
 * @param rated        judgements with a rating
 * @param pairs        preference pairs built from them (explicit + ratings, after dedup and disagreement removal)
 * @param newPairs     pairs resting on feedback received since the domain's last preference job started
 * @param minPairs     new pairs that trigger a preference job
 * @param lastReceivedAt newest judgement
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackStats(String domain, long feedback, long rated, int pairs, int explicitPairs, int ratingPairs,
        int trainPairs, int heldoutPairs, int newPairs, int minPairs, Instant lastReceivedAt,
        String lastPreferenceJob) {
}
