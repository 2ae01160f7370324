package io.specialist.trainer.pipeline;

/** The job was cancelled (by an admin request or a shutdown) while it ran. */
public class JobCancelledException extends RuntimeException {

    public JobCancelledException() {
        super("cancelled while running");
    }
}
