package io.specialist.trainer.service;

/** A job request a user must fix: names the field and says what is allowed. */
public class InvalidJobRequestException extends RuntimeException {

    private final String field;

    public InvalidJobRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
