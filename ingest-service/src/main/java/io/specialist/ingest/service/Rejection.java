package io.specialist.ingest.service;

/**
 * A refused submission: the reason class, a message a producer can act on, and the domain when it was
 * readable (the dead-letter record is keyed by it so operators find a domain's rejects together).
 */
public record Rejection(RejectionReason reason, String message, String domain) {

    public Rejection withDomain(String value) {
        return new Rejection(reason, message, value);
    }
}
