package io.specialist.trainer.service;

/** No job with this id. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String jobId) {
        super("no training job with id '" + jobId + "'");
    }
}
