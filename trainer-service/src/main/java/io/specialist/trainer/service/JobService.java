package io.specialist.trainer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.TrainingState;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.JobSettings;
import io.specialist.trainer.pipeline.TrainingSettings;
import io.specialist.trainer.registry.ModelVersion;
import io.specialist.trainer.repository.TrainingJobEntity;
import io.specialist.trainer.repository.TrainingJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Creates jobs from triggers and answers questions about them. A trigger for a domain that already has a
 * queued job is merged into it (the newest request's explicit overrides win, since it has not started);
 * a trigger for a domain whose job is running queues one follow-up job, which will see the data that
 * arrived meanwhile. The database's unique constraints keep this true with several replicas.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final TrainingJobRepository jobs;
    private final JobTransitions transitions;
    private final JobSettingsFactory settings;
    private final TrainerConfig config;
    private final JobSignals signals;

    public JobService(TrainingJobRepository jobs, JobTransitions transitions, JobSettingsFactory settings,
            TrainerConfig config, JobSignals signals) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.settings = settings;
        this.config = config;
        this.signals = signals;
    }

    public TriggerResult trigger(JobRequest request) {
        validate(request);
        TriggerResult result = null;
        for (int attempt = 1; result == null; attempt++) {
            try {
                result = QuarkusTransaction.requiringNew().call(() -> createOrCoalesce(request));
            } catch (RuntimeException e) {
                // another replica (or the dispatcher) changed the domain's queued job between our read and our
                // write: read again and merge into whatever is there now
                if (attempt >= 3 || !Constraints.isConcurrentChange(e)) {
                    throw e;
                }
            }
        }
        signals.jobsChanged();
        JobView job = result.job();
        if (result.coalesced()) {
            LOG.infof("trigger %s for domain %s merged into queued job %s (%d merged so far)", request.source(),
                    request.domain(), job.id(), job.coalescedTriggers());
        } else {
            LOG.infof("queued %s job %s for domain %s (trigger %s, regularizer %s, %d steps)", job.kind(), job.id(),
                    job.domain(), request.source(), job.config().training().regularizer(),
                    job.config().training().steps());
        }
        return result;
    }

    public Optional<JobView> find(String id) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.findByIdOptional(id).map(JobJson::view));
    }

    public List<JobView> search(String domain, String state, int limit) {
        return QuarkusTransaction.requiringNew().call(
                () -> jobs.search(domain, state, limit).stream().map(JobJson::view).toList());
    }

    /**
     * Cancels a job: a queued one fails at once; a running one is flagged, and its runner stops it at the
     * next step and fails it. Finished jobs are left alone.
     */
    public Optional<JobView> cancel(String id) {
        Optional<JobView> view = QuarkusTransaction.requiringNew().call(() -> jobs.findByIdOptional(id).map(job -> {
            TrainingState state = TrainingState.fromWire(job.state);
            if (state == TrainingState.QUEUED) {
                transitions.move(job, TrainingState.FAILED, "cancelled by an admin request before it started", Map.of());
            } else if (state == TrainingState.RUNNING) {
                // a bulk update leaves the row version alone, so it cannot make the runner's final write fail
                jobs.requestCancel(job.id);
                jobs.getEntityManager().refresh(job);
            }
            return JobJson.view(job);
        }));
        view.ifPresent(v -> signals.cancelRequested(v.id()));
        return view;
    }

    private TriggerResult createOrCoalesce(JobRequest request) {
        Optional<TrainingJobEntity> queued = jobs.queuedFor(request.domain(), request.kind());
        if (queued.isPresent()) {
            TrainingJobEntity job = queued.get();
            job.coalesced++;
            if (JobKind.fromWire(job.kind) == request.kind() && (request.strategy() != null || request.steps() != null || request.method() != null)) {
                job.configJson = JobJson.write(settings.resolve(request));
            }
            job.updatedAt = java.time.Instant.now();
            return new TriggerResult(JobJson.view(job), true);
        }
        TrainingJobEntity job = new TrainingJobEntity();
        job.id = UUID.randomUUID().toString();
        job.domain = request.domain();
        job.kind = request.kind().wire();
        job.triggerSource = request.source();
        job.triggerDetail = request.detail() == null || request.detail().isEmpty() ? null : JobJson.write(request.detail());
        job.configJson = JobJson.write(settings.resolve(request));
        transitions.created(job);
        jobs.persist(job);
        jobs.flush();
        return new TriggerResult(JobJson.view(job), false);
    }

    private void validate(JobRequest request) {
        if (!ModelVersion.validDomain(request.domain())) {
            throw new InvalidJobRequestException("domain", "domain '" + request.domain() + "' must match "
                    + ModelVersion.DOMAIN_REGEX + " (lower-case letters, digits, '-' and '_')");
        }
        if (request.strategy() != null
                && !TrainingSettings.REGULARIZERS.contains(request.strategy().toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidJobRequestException("strategy", "strategy '" + request.strategy()
                    + "' is not one of " + TrainingSettings.REGULARIZERS);
        }
        if (request.method() != null
                && !JobSettings.METHODS.contains(request.method().toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidJobRequestException("method", "method '" + request.method()
                    + "' is not one of " + JobSettings.METHODS);
        }
        int maxSteps = config.training().maxSteps();
        if (request.steps() != null && (request.steps() < 1 || request.steps() > maxSteps)) {
            throw new InvalidJobRequestException("steps", "steps must be between 1 and " + maxSteps + ", got "
                    + request.steps());
        }
    }
}
