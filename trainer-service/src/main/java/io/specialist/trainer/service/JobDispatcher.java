package io.specialist.trainer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.TrainingState;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.registry.ModelManifest;
import io.specialist.trainer.repository.TrainingJobEntity;
import io.specialist.trainer.repository.TrainingJobRepository;
import io.specialist.trainer.runner.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Moves queued jobs to the runner, oldest first, as long as it has free slots. Claiming a job is one
 * conditional update guarded by the one-running-job-per-domain constraint, so two replicas never start
 * the same job or two jobs of one domain. Fine-tuning waits until a base model exists.
 */
@ApplicationScoped
public class JobDispatcher {

    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);
    private static final int SCAN = 50;

    private final TrainingJobRepository jobs;
    private final JobTransitions transitions;
    private final ModelRegistry registry;
    private final RunnerSelector runners;
    private final RunnerIdentity identity;
    private final JobCompletion completion;
    private final TrainerConfig config;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService executor;

    public JobDispatcher(TrainingJobRepository jobs, JobTransitions transitions, ModelRegistry registry,
            RunnerSelector runners, RunnerIdentity identity, JobCompletion completion, TrainerConfig config,
            JobSignals signals) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.registry = registry;
        this.runners = runners;
        this.identity = identity;
        this.completion = completion;
        this.config = config;
        signals.onJobsChanged(this::nudge);
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "trainer-dispatcher"));
        long period = config.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::dispatchSafely, 0, period, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Dispatch soon, on the dispatcher thread. */
    public void nudge() {
        ScheduledExecutorService current = executor;
        if (current != null && pending.compareAndSet(false, true)) {
            current.execute(this::dispatchSafely);
        }
    }

    private void dispatchSafely() {
        pending.set(false);
        try {
            dispatch();
        } catch (RuntimeException e) {
            LOG.warnf(e, "dispatching queued jobs failed; retrying in %s", config.pollInterval());
        }
    }

    /** Starts as many queued jobs as the runner has room for. */
    void dispatch() {
        JobRunner runner = runners.active();
        while (runner.freeSlots() > 0) {
            boolean baseReady = registry.base().isPresent();
            List<TrainingJobEntity> queued = QuarkusTransaction.requiringNew().call(() -> jobs.queued(SCAN));
            Optional<JobSpec> started = Optional.empty();
            for (TrainingJobEntity candidate : queued) {
                boolean pretrain = JobKind.fromWire(candidate.kind) == JobKind.PRETRAIN;
                if (!pretrain && !baseReady) {
                    continue;
                }
                started = claim(candidate.id, runner);
                if (started.isPresent()) {
                    break;
                }
            }
            if (started.isEmpty()) {
                return;
            }
            launch(runner, started.get());
        }
    }

    private Optional<JobSpec> claim(String jobId, JobRunner runner) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                TrainingJobEntity job = jobs.findById(jobId);
                if (job == null || !TrainingState.QUEUED.wire().equals(job.state)) {
                    return Optional.<JobSpec>empty();
                }
                if (jobs.runningFor(job.domain).isPresent()) {
                    return Optional.<JobSpec>empty();
                }
                JobKind kind = JobKind.fromWire(job.kind);
                if (kind != JobKind.PRETRAIN) {
                    job.parentVersion = registry.parentFor(job.domain).map(ModelManifest::version).orElseThrow();
                    job.baseVersion = registry.base().map(ModelManifest::version).orElseThrow();
                } else {
                    job.parentVersion = null;
                    job.baseVersion = null;
                }
                job.runner = runner.name();
                job.ownerId = identity.ownerId();
                job.attempts++;
                job.progressJson = null;
                transitions.move(job, TrainingState.RUNNING, null, Map.of());
                jobs.flush();
                return Optional.of(new JobSpec(job.id, job.domain, kind, job.parentVersion, job.baseVersion,
                        JobJson.settings(job)));
            });
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void launch(JobRunner runner, JobSpec spec) {
        LOG.infof("starting %s job %s for domain %s on the %s runner (parent %s, base %s)", spec.kind().wire(),
                spec.jobId(), spec.domain(), runner.name(), spec.parentVersion(), spec.baseVersion());
        try {
            String ref = runner.start(spec);
            if (ref != null) {
                QuarkusTransaction.requiringNew().run(() -> {
                    TrainingJobEntity job = jobs.findById(spec.jobId());
                    if (job != null) {
                        job.runnerRef = ref;
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "the %s runner could not start job %s", runner.name(), spec.jobId());
            completion.fail(spec.jobId(), "the " + runner.name() + " runner could not start the job: " + e.getMessage());
        }
    }
}
