package io.specialist.ingest.service;

/** Thrown inside parsing and validation to stop at the first problem; callers turn it into a result. */
final class RejectedException extends RuntimeException {

    private final transient Rejection rejection;

    RejectedException(RejectionReason reason, String message) {
        super(message, null, false, false);
        this.rejection = new Rejection(reason, message, null);
    }

    Rejection rejection() {
        return rejection;
    }
}
