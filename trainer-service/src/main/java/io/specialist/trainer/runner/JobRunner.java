package io.specialist.trainer.runner;

import io.specialist.trainer.pipeline.JobSpec;
import java.util.List;

/**
 * Where jobs execute. The dispatcher marks a job running in the database, then hands it to the runner;
 * the runner reports the end through {@link io.specialist.trainer.service.JobCompletion}.
 */
public interface JobRunner {

    /** {@code in-process} or {@code kubernetes}; stored with each job it runs. */
    String name();

    /** How many more jobs it accepts right now. */
    int freeSlots();

    /** Starts a job already marked running; returns a reference (e.g. the Kubernetes Job name) or null. */
    String start(JobSpec job);

    /** Called once at startup on the configured runner, before any job is started on it. */
    default void activate() {
    }

    /** Whether this process is running the job right now (so it is alive whatever its heartbeat says). */
    default boolean isRunningHere(String jobId) {
        return false;
    }

    /** Asks a running job to stop; it ends as failed. */
    void cancel(String jobId);

    /**
     * Jobs the database says this runner kind is running, seen at startup: the runner resumes watching
     * those it can still see and fails or re-queues the rest.
     */
    void resume(List<RunningJob> jobs);

    /** A running job as the database knows it. */
    record RunningJob(String jobId, String domain, String runnerRef, String ownerId, int attempts) {
    }
}
