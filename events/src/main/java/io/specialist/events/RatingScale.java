package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a feedback rating is expressed: thumbs (-1 or +1) or stars (1 to 5, whole stars). */
public enum RatingScale {
    THUMBS("thumbs"),
    STARS("stars");

    private final String wire;

    RatingScale(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RatingScale fromWire(String value) {
        for (RatingScale scale : values()) {
            if (scale.wire.equals(value)) {
                return scale;
            }
        }
        throw new IllegalArgumentException("scale must be 'thumbs' or 'stars', got '" + value + "'");
    }

    /**
     * The scale of {@code rating}: the given one if the rating fits it, else inferred (-1 and +1 are thumbs,
     * 2 to 5 stars).
     *
     * @throws IllegalArgumentException for a rating on neither scale, or not on the given one
     */
    public static RatingScale check(double rating, RatingScale given) {
        boolean thumbs = rating == -1 || rating == 1;
        boolean stars = rating >= 1 && rating <= 5 && rating == Math.rint(rating);
        if (given == THUMBS && !thumbs) {
            throw new IllegalArgumentException("a thumbs rating is -1 or 1, got " + format(rating));
        }
        if (given == STARS && !stars) {
            throw new IllegalArgumentException("a stars rating is a whole number from 1 to 5, got " + format(rating));
        }
        if (given != null) {
            return given;
        }
        if (thumbs) {
            return THUMBS;
        }
        if (stars) {
            return STARS;
        }
        throw new IllegalArgumentException("rating must be -1 or 1 (thumbs) or a whole number from 1 to 5 (stars;"
                + " send \"scale\": \"stars\" for one star), got " + format(rating));
    }

    /** -1 (worst) to +1 (best): thumbs as they are, stars 1..5 evenly onto -1..+1. */
    double normalize(double rating) {
        return this == THUMBS ? rating : (rating - 3) / 2;
    }

    private static String format(double rating) {
        return rating == Math.rint(rating) ? Long.toString((long) rating) : Double.toString(rating);
    }
}
