package io.specialist.trainer.service;

/** A runner reported on a job that is no longer running (it was cancelled or taken over). */
public class JobNotRunningException extends RuntimeException {

    public JobNotRunningException(String jobId, String state) {
        super("training job " + jobId + " is " + state + ", not running: its report is refused");
    }
}
