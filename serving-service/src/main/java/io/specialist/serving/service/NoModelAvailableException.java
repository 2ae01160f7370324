package io.specialist.serving.service;

/** Nothing can serve the request yet: neither the domain nor the base model is loaded (e.g. right after startup). */
public class NoModelAvailableException extends ServingException {

    /** Clients retry after this long; the registry is polled at the reconcile interval. */
    static final int RETRY_AFTER_SECONDS = 5;

    public NoModelAvailableException(String detail) {
        super(503, "No model loaded", detail, RETRY_AFTER_SECONDS, java.util.List.of(), null);
    }
}
