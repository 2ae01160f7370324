package io.specialist.trainer.feedback;

/**
 * A rating on one scale, -1 (worst) to +1 (best): thumbs (-1 or +1) as they are, stars (whole 2 to 5) evenly onto
 * -1..+1 by (stars - 3) / 2. A bare 1 reads as thumbs up, as the feedback contract says (one star must be sent
 * with {@code "scale": "stars"}, which events' {@code FeedbackSubmitted.normalizedRating()} honours once
 * it carries the scale; this class is the fallback for events without it).
 */
public final class FeedbackRatings {

    private FeedbackRatings() {
    }

    public static Double normalize(Double rating) {
        if (rating == null) {
            return null;
        }
        double r = rating;
        if (r == -1 || r == 1) {
            return r;
        }
        if (r >= 2 && r <= 5 && r == Math.rint(r)) {
            return (r - 3) / 2;
        }
        throw new InvalidFeedbackException("rating must be -1 or 1 (thumbs) or a whole number from 1 to 5 (stars), "
                + "got " + rating);
    }
}
