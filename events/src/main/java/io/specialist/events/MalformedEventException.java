package io.specialist.events;

/** A payload or header set that cannot be read as the expected event; the message says what is wrong. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
