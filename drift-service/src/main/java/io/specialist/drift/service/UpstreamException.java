package io.specialist.drift.service;

/** Another service (ingest, trainer) could not be reached or answered with an error. */
public class UpstreamException extends RuntimeException {

    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
