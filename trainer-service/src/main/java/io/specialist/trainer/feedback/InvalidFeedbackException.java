package io.specialist.trainer.feedback;

/** A feedback event the trainer cannot store or learn from; the message says why. */
public class InvalidFeedbackException extends IllegalArgumentException {

    public InvalidFeedbackException(String message) {
        super(message);
    }
}
