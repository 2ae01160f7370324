package io.specialist.ingest.service;

import io.specialist.events.Split;

/**
 * What became of one submission: stored ({@code ACCEPTED}), already stored ({@code DUPLICATE}, with the
 * stored document's id) or refused ({@code REJECTED}, with the rejection).
 */
public record ItemOutcome(Status status, String id, Split split, Rejection rejection) {

    public enum Status {
        ACCEPTED, DUPLICATE, REJECTED
    }

    public static ItemOutcome accepted(String id, Split split) {
        return new ItemOutcome(Status.ACCEPTED, id, split, null);
    }

    public static ItemOutcome duplicate(String id, Split split) {
        return new ItemOutcome(Status.DUPLICATE, id, split, null);
    }

    public static ItemOutcome rejected(Rejection rejection) {
        return new ItemOutcome(Status.REJECTED, null, null, rejection);
    }
}
