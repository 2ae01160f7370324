package io.specialist.trainer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.specialist.events.Problem;
import io.specialist.events.http.ProblemResponses;
import io.specialist.trainer.service.InvalidJobRequestException;
import io.specialist.trainer.service.JobNotFoundException;
import io.specialist.trainer.service.JobNotRunningException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as RFC 9457 {@code application/problem+json}; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidRequest(InvalidJobRequestException e, UriInfo uri) {
        return problem(Problem.of(400, "Invalid job request", e.getMessage())
                .withErrors(List.of(new Problem.Item("/" + e.field(), e.getMessage()))), uri);
    }

    @ServerExceptionMapper
    public Response notFound(JobNotFoundException e, UriInfo uri) {
        return problem(Problem.of(404, "Not Found", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response notRunning(JobNotRunningException e, UriInfo uri) {
        return problem(Problem.of(409, "Conflict", e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e, UriInfo uri) {
        return problem(Problem.of(400, "Bad Request", e.getMessage()), uri);
    }

    /** More specific than Quarkus' built-in mapper for this type, which answers plain JSON. */
    @ServerExceptionMapper
    public Response badJsonValue(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response badJsonFormat(InvalidFormatException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, UriInfo uri) {
        return ProblemResponses.json(e, uri).build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Item> items = e.getConstraintViolations().stream()
                .map(v -> new Problem.Item(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
        return problem(Problem.of(400, "Bad Request", "the request is invalid").withErrors(items), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        return ProblemResponses.web(e, uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error on %s (incident %s)", uri.getPath(), incident);
        return problem(Problem.of(500, "Internal Server Error",
                "unexpected error; the trainer log has the details under incident " + incident), uri);
    }

    static Response problem(Problem problem, UriInfo uri) {
        return ProblemResponses.response(problem.withInstance(ProblemResponses.path(uri))).build();
    }
}
