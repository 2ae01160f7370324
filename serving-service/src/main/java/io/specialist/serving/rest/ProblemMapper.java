package io.specialist.serving.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.specialist.events.Problem;
import io.specialist.serving.service.ServingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
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
        String detail;
        List<Problem.Item> items = List.of();
        if (e instanceof JsonParseException p) {
            detail = "request body is not valid JSON: " + p.getOriginalMessage();
        } else if (e instanceof InvalidFormatException f) {
            String field = field(f);
            detail = "field '" + field + "' has value '" + f.getValue() + "', which is not a valid "
                    + f.getTargetType().getSimpleName().toLowerCase();
            items = List.of(new Problem.Item("/" + field, detail));
        } else if (e instanceof MismatchedInputException m && !field(m).isEmpty()) {
            String field = field(m);
            detail = "field '" + field + "' has the wrong type";
            items = List.of(new Problem.Item("/" + field, detail));
        } else {
            detail = "request body cannot be read as JSON: " + e.getOriginalMessage();
        }
        return Problems.response(new Problem("about:blank", "Malformed request", 400, detail, path(uri), items), 0).build();
    }

    /** Unknown paths, wrong methods, wrong media types: keep the status, answer problem+json. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri); // the JSON reader wraps parse errors in a 400
        }
        int status = e.getResponse().getStatus();
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family == Response.Status.Family.SERVER_ERROR) {
            LOG.errorf(e, "%s failed", path(uri));
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = e.getMessage();
        Problem problem = Problem.of(status, title, detail).withInstance(path(uri));
        Response.ResponseBuilder builder = Problems.response(problem, 0);
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", path(uri));
        Problem problem = Problem.of(500, "Internal error",
                "the server failed to handle the request; see the serving-service log").withInstance(path(uri));
        return Problems.response(problem, 0).build();
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("/"));
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
