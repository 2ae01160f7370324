package io.specialist.events.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.specialist.events.EventCodec;
import io.specialist.events.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The RFC 9457 answers every service gives for the same failures (framework errors, unreadable JSON);
 * each service's exception mapper adds its own exceptions and delegates these.
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** Serialised here, so the media type never depends on which message body writer gets picked. */
    public static Response.ResponseBuilder response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(EventCodec.toJsonString(problem));
    }

    /** The request path as the problem's {@code instance}, with one leading slash. */
    public static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /** The reason phrase of a status, "Error" for codes without one. */
    public static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    /**
     * Unknown paths, wrong methods, wrong media types: the framework's status and headers (e.g. {@code Allow})
     * with a problem body. A JSON reader failure wrapped in a 400 is answered as {@link #json}.
     */
    public static Response.ResponseBuilder web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        String detail = e.getMessage() == null ? title(status) : e.getMessage();
        Response.ResponseBuilder builder = response(Problem.of(status, title(status), detail).withInstance(path(uri)));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder;
    }

    /** Malformed JSON or a field of the wrong type: 400 naming the field ({@code errors[].pointer}). */
    public static Response.ResponseBuilder json(JsonProcessingException e, UriInfo uri) {
        String detail;
        List<Problem.Item> items = List.of();
        if (e instanceof JsonParseException p) {
            detail = "request body is not valid JSON: " + p.getOriginalMessage();
        } else if (e instanceof InvalidFormatException f && !field(f).isEmpty()) {
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
        return response(new Problem("about:blank", "Malformed request", 400, detail, path(uri), items));
    }

    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("/"));
    }
}
