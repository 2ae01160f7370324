package io.specialist.serving.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.specialist.events.Problem;
import io.specialist.events.http.ProblemResponses;
import io.specialist.serving.service.ServingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as RFC 9457 problem+json; never a stack trace in a response. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response serving(ServingException e, UriInfo uri) {
        Problem problem = new Problem("about:blank", e.title(), e.status(), e.getMessage(), path(uri), e.errors());
        if (e.status() >= 500) {
            LOG.debugf("%s %s: %s", e.status(), path(uri), e.getMessage());
        }
        return Problems.response(problem, e.retryAfterSeconds()).build();
    }

    /** A field of the wrong type (replaces the framework's own JSON answer for this exception). */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    /** Malformed JSON or a field of the wrong type. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return ProblemResponses.json(e, uri).build();
    }

    /** Unknown paths, wrong methods, wrong media types: keep the status, answer problem+json. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getResponse().getStatus() >= 500) {
            LOG.errorf(e, "%s failed", path(uri));
        }
        return ProblemResponses.web(e, uri).build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", path(uri));
        Problem problem = Problem.of(500, "Internal error",
                "the server failed to handle the request; see the serving-service log").withInstance(path(uri));
        return Problems.response(problem, 0).build();
    }

    private static String path(UriInfo uri) {
        return ProblemResponses.path(uri);
    }
}
