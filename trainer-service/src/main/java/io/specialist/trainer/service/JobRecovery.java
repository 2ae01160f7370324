package io.specialist.trainer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.TrainingState;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.repository.TrainingJobEntity;
import io.specialist.trainer.repository.TrainingJobRepository;
import io.specialist.trainer.runner.InProcessJobRunner;
import io.specialist.trainer.runner.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Never leaves a job hanging in {@code running}. In-process jobs prove they are alive by heartbeat; one
 * whose heartbeat is older than the lease (or whose owner is a previous instance on this node) lost its
 * runner, and is re-queued while it has attempts left, else failed with the reason. Kubernetes jobs are
 * checked against the cluster by their runner.
 */
@ApplicationScoped
public class JobRecovery {

    private static final Logger LOG = Logger.getLogger(JobRecovery.class);

    private final TrainingJobRepository jobs;
    private final JobTransitions transitions;
    private final TrainerConfig config;
    private final RunnerIdentity identity;
    private final RunnerSelector runners;
    private final JobSignals signals;

    public JobRecovery(TrainingJobRepository jobs, JobTransitions transitions, TrainerConfig config,
            RunnerIdentity identity, RunnerSelector runners, JobSignals signals) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.config = config;
        this.identity = identity;
        this.runners = runners;
        this.signals = signals;
    }

    /** At startup: orphaned in-process jobs of a previous instance, and re-attaching to other runners' jobs. */
    public void atStartup() {
        List<TrainingJobEntity> running = QuarkusTransaction.requiringNew().call(
                () -> jobs.inState(TrainingState.RUNNING.wire()));
        for (TrainingJobEntity job : running) {
            if (InProcessJobRunner.NAME.equals(job.runner) && identity.isDeadPredecessor(job.ownerId)) {
                orphaned(job.id, "its runner " + job.ownerId + " stopped (this node restarted)");
            }
        }
        for (JobRunner runner : runners.all()) {
            if (!InProcessJobRunner.NAME.equals(runner.name())) {
                List<JobRunner.RunningJob> mine = running.stream()
                        .filter(j -> runner.name().equals(j.runner))
                        .map(j -> new JobRunner.RunningJob(j.id, j.domain, j.runnerRef, j.ownerId, j.attempts))
                        .toList();
                if (!mine.isEmpty()) {
                    runner.resume(mine);
                }
            }
        }
        sweep();
    }

    /** Periodically: in-process jobs whose heartbeat is older than the lease. */
    public void sweep() {
        Instant before = Instant.now().minus(config.leaseTimeout());
        List<TrainingJobEntity> stale = QuarkusTransaction.requiringNew().call(
                () -> jobs.staleRunning(InProcessJobRunner.NAME, before));
        for (TrainingJobEntity job : stale) {
            // a late heartbeat of a job this very process is running (a starved thread) is no sign of death
            if (runners.byName(job.runner).map(r -> r.isRunningHere(job.id)).orElse(false)) {
                continue;
            }
            orphaned(job.id, "its runner " + job.ownerId + " sent no heartbeat since " + job.heartbeatAt
                    + " (lease " + config.leaseTimeout() + ")");
        }
    }

    /**
     * Re-queues a running job whose runner is gone, or fails it once its attempts are used up. When the
     * domain already has a queued job, that job will cover the same data, so this one fails as superseded.
     */
    public void orphaned(String jobId, String why) {
        String outcome = QuarkusTransaction.requiringNew().call(() -> {
            TrainingJobEntity job = jobs.findById(jobId);
            if (job == null || !TrainingState.RUNNING.wire().equals(job.state)) {
                return null;
            }
            Optional<TrainingJobEntity> queued = jobs.queuedFor(job.domain,
                    io.specialist.trainer.pipeline.JobKind.fromWire(job.kind));
            if (queued.isPresent()) {
                queued.get().coalesced++;
                transitions.move(job, TrainingState.FAILED, "runner lost: " + why + "; superseded by queued job "
                        + queued.get().id, Map.of());
                return "failed (superseded by " + queued.get().id + ")";
            }
            if (job.attempts < config.maxAttempts()) {
                transitions.move(job, TrainingState.QUEUED, "re-queued: " + why + "; attempt " + job.attempts
                        + " of " + config.maxAttempts() + " lost", Map.of());
                return "re-queued";
            }
            transitions.move(job, TrainingState.FAILED, "runner lost: " + why + "; no attempts left ("
                    + job.attempts + " of " + config.maxAttempts() + ")", Map.of());
            return "failed";
        });
        if (outcome != null) {
            LOG.warnf("job %s was running but %s: %s", jobId, why, outcome);
            signals.jobsChanged();
        }
    }
}
