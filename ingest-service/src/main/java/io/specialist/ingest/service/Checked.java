package io.specialist.ingest.service;

/** Outcome of checking one submission: exactly one of {@code document} and {@code rejection} is set. */
public record Checked(NewDocument document, Rejection rejection) {

    public static Checked valid(NewDocument document) {
        return new Checked(document, null);
    }

    public static Checked invalid(Rejection rejection) {
        return new Checked(null, rejection);
    }

    public boolean isValid() {
        return document != null;
    }
}
