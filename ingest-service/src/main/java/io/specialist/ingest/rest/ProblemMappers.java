package io.specialist.ingest.rest;

import io.specialist.events.Problem;
import io.specialist.events.http.ProblemResponses;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code application/problem+json}; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem().withInstance(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        return ProblemResponses.web(e, uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "request %s failed", uri.getPath());
        return respond(Problem.of(500, "Internal Server Error",
                "the request failed on the server (" + e.getClass().getSimpleName() + "); see the service log")
                .withInstance(uri.getPath()));
    }

    static Response respond(Problem problem) {
        return ProblemResponses.response(problem).build();
    }
}
