package io.specialist.trainer.feedback;

import java.time.Instant;

/**
 * A preference pair built from stored feedback, as {@code GET /v1/feedback/pairs} streams it.
 *
 * @param id         stable id: the first 16 hex digits of SHA-256(domain, prompt, chosen, rejected)
 * @param split      {@code train} or {@code heldout}, stable per prompt ({@link PairSplit})
 * @param source     {@code explicit} (a preferred/rejected judgement) or {@code ratings} (two rated completions)
 * @param receivedAt when the newest feedback the pair rests on arrived
 */
public record FeedbackPair(String id, String domain, String prompt, String chosen, String rejected, String split,
        String source, Instant receivedAt) {

    public static final String EXPLICIT = "explicit";
    public static final String RATINGS = "ratings";
}
