package io.specialist.model.checkpoint;

/** An adapter applied to a base model other than the one it was trained on. */
public class AdapterMismatchException extends CheckpointException {

    public AdapterMismatchException(String message) {
        super(message);
    }
}
