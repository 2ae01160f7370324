package io.specialist.trainer.pipeline;

/** A job could not read what it needs (documents from ingest, a model from the registry). */
public class DataUnavailableException extends RuntimeException {

    public DataUnavailableException(String message) {
        super(message);
    }

    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
