package io.specialist.ingest.service;

/** Why a submission was refused, with the HTTP status REST answers for it and a short problem title. */
public enum RejectionReason {
    NOT_UTF8(400, "Payload is not valid UTF-8"),
    NOT_JSON(400, "Payload is not valid JSON"),
    WRONG_TYPE(400, "Field has the wrong type"),
    MISSING_FIELD(422, "Required field missing"),
    INVALID_VALUE(422, "Invalid field value"),
    TOO_LARGE(413, "Document too large"),
    ID_CONFLICT(409, "Document id already used for other content");

    private final int status;
    private final String title;

    RejectionReason(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
