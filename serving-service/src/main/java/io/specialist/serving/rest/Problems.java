package io.specialist.serving.rest;

import io.specialist.events.EventCodec;
import io.specialist.events.Problem;
import jakarta.ws.rs.core.Response;

/** Builds problem+json responses (serialised here, so the media type never depends on writer selection). */
final class Problems {

    static final String RETRY_AFTER = "Retry-After";

    private Problems() {
    }

    static Response.ResponseBuilder response(Problem problem, int retryAfterSeconds) {
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(EventCodec.toJsonString(problem));
        if (retryAfterSeconds > 0) {
            builder.header(RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        return builder;
    }
}
