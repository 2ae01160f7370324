package io.specialist.model.checkpoint;

import java.io.IOException;

/** A checkpoint file that cannot be used: truncated, modified, of an unknown version, or malformed. */
public class CheckpointException extends IOException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
