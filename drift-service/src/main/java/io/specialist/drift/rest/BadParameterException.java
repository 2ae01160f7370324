package io.specialist.drift.rest;

/** A request parameter with a value the API does not accept; answered with 400. */
public class BadParameterException extends RuntimeException {

    public BadParameterException(String message) {
        super(message);
    }
}
