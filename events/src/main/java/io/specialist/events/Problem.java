package io.specialist.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 * {@code errors} lists per-item failures, e.g. which lines of an NDJSON upload were rejected and why.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Item> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One failing item: where (a field, a line number or an index) and what was wrong. */
    public record Item(String pointer, String detail) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, List.of());
    }

    public Problem withErrors(List<Item> items) {
        return new Problem(type, title, status, detail, instance, List.copyOf(items));
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }
}
