package io.specialist.serving.rest;

import io.specialist.events.Problem;
import io.specialist.events.http.ProblemResponses;
import jakarta.ws.rs.core.Response;

/** problem+json responses of serving: the shared ones plus {@code Retry-After} when the client should come back. */
final class Problems {

    static final String RETRY_AFTER = "Retry-After";

    private Problems() {
    }

    static Response.ResponseBuilder response(Problem problem, int retryAfterSeconds) {
        Response.ResponseBuilder builder = ProblemResponses.response(problem);
        if (retryAfterSeconds > 0) {
            builder.header(RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        return builder;
    }
}
