package io.specialist.drift.rest;

import io.specialist.events.Problem;
import io.specialist.events.http.ProblemResponses;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Every error as RFC 9457 {@code application/problem+json}; never a stack trace. */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable error) {
        int status;
        String detail;
        if (error instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
            detail = error.getMessage();
        } else if (error instanceof BadParameterException) {
            status = 400;
            detail = error.getMessage();
        } else {
            status = 500;
            detail = "internal error; the drift-service log has the details";
            LOG.error("request failed", error);
        }
        Problem problem = Problem.of(status, ProblemResponses.title(status), detail)
                .withInstance(uri == null ? null : uri.getRequestUri().getPath());
        return ProblemResponses.response(problem).build();
    }
}
