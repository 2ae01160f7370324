package io.specialist.serving.service;

import io.specialist.events.Problem;
import java.util.List;

/**
 * A failure the client can act on, answered as RFC 9457 problem+json with {@link #status()}.
 * {@link #retryAfterSeconds()} above 0 adds a Retry-After header (the condition is temporary).
 */
public class ServingException extends RuntimeException {

    private final int status;
    private final String title;
    private final int retryAfterSeconds;
    private final List<Problem.Item> errors;

    public ServingException(int status, String title, String detail, int retryAfterSeconds, List<Problem.Item> errors,
                            Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
        this.errors = List.copyOf(errors);
    }

    public ServingException(int status, String title, String detail) {
        this(status, title, detail, 0, List.of(), null);
    }

    public static ServingException badRequest(String detail) {
        return new ServingException(400, "Invalid request", detail);
    }

    public static ServingException invalid(List<Problem.Item> errors) {
        String detail = errors.size() == 1 ? errors.get(0).detail() : errors.size() + " fields are invalid: see errors";
        return new ServingException(400, "Invalid request", detail, 0, errors, null);
    }

    public static ServingException conflict(String detail) {
        return new ServingException(409, "Conflict", detail);
    }

    public static ServingException unavailable(String title, String detail, int retryAfterSeconds) {
        return new ServingException(503, title, detail, Math.max(1, retryAfterSeconds), List.of(), null);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public List<Problem.Item> errors() {
        return errors;
    }
}
