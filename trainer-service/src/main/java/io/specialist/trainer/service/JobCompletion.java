package io.specialist.trainer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.Events;
import io.specialist.events.ModelPublished;
import io.specialist.events.TrainingState;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.JobOutcome;
import io.specialist.trainer.pipeline.Verdict;
import io.specialist.trainer.registry.ModelManifest;
import io.specialist.trainer.repository.TrainingJobEntity;
import io.specialist.trainer.repository.TrainingJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Ends a running job with what its runner reported. An accepted candidate is registered (ONNX export,
 * checkpoint, manifest) and announced on {@code specialist.models.published}; a rejected one keeps its
 * metrics and the gate's reason; a failure keeps its reason. Reports for jobs that are no longer running
 * (cancelled, or taken over after their runner was presumed dead) are refused.
 */
@ApplicationScoped
public class JobCompletion {

    private static final Logger LOG = Logger.getLogger(JobCompletion.class);

    private final TrainingJobRepository jobs;
    private final JobTransitions transitions;
    private final ModelPublisher publisher;
    private final ModelRegistry registry;
    private final JobSignals signals;

    public JobCompletion(TrainingJobRepository jobs, JobTransitions transitions, ModelPublisher publisher,
            ModelRegistry registry, JobSignals signals) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.publisher = publisher;
        this.registry = registry;
        this.signals = signals;
    }

    /**
     * @param candidate the candidate checkpoint bytes; required when the verdict is accepted
     * @throws JobNotRunningException when the job is not running any more
     */
    public JobView complete(String jobId, JobOutcome outcome, byte[] candidate) {
        TrainingJobEntity snapshot = QuarkusTransaction.requiringNew().call(() -> running(jobId));
        Map<String, Double> metrics = finite(outcome.metrics());
        JobView view;
        if (outcome.verdict() == Verdict.ACCEPTED) {
            if (candidate == null || candidate.length == 0) {
                return fail(jobId, "the runner reported an accepted candidate but sent no checkpoint");
            }
            ModelManifest manifest;
            try {
                manifest = publisher.publish(new ModelPublisher.Candidate(snapshot.id, snapshot.domain,
                        JobKind.fromWire(snapshot.kind), snapshot.parentVersion, snapshot.baseVersion,
                        JobJson.settings(snapshot).training(), candidate, metrics, outcome.dataWindow()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "job %s: the accepted candidate could not be registered", jobId);
                return fail(jobId, "the accepted candidate could not be registered: " + e.getMessage());
            }
            view = finish(jobId, TrainingState.SUCCEEDED, outcome.reason() + "; published " + manifest.version(),
                    metrics, manifest);
            LOG.infof("job %s for domain %s succeeded: published %s (%s)", jobId, snapshot.domain, manifest.version(),
                    outcome.reason());
        } else if (outcome.verdict() == Verdict.REJECTED) {
            view = finish(jobId, TrainingState.REJECTED, outcome.reason(), metrics, null);
            LOG.infof("job %s for domain %s rejected by the gate: %s", jobId, snapshot.domain, outcome.reason());
        } else {
            view = finish(jobId, TrainingState.FAILED, outcome.reason(), metrics, null);
            LOG.warnf("job %s for domain %s failed: %s", jobId, snapshot.domain, outcome.reason());
        }
        return view;
    }

    /** Fails a running job (no-op for a job that already ended). */
    public JobView fail(String jobId, String reason) {
        try {
            return finish(jobId, TrainingState.FAILED, reason, Map.of(), null);
        } catch (JobNotRunningException e) {
            LOG.debugf("job %s already ended; not failing it again (%s)", jobId, reason);
            return find(jobId).orElse(null);
        }
    }

    private Optional<JobView> find(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.findByIdOptional(jobId).map(JobJson::view));
    }

    /**
     * Records the end of the job and, with {@code published}, its event, in one transaction. When that fails
     * (the job was cancelled or taken over meanwhile, or the database is down) the published model is
     * withdrawn: not recorded means not announced, and a model nobody was told about must not be served
     * after a restart.
     */
    private JobView finish(String jobId, TrainingState state, String reason, Map<String, Double> metrics,
            ModelManifest published) {
        JobView view;
        try {
            view = QuarkusTransaction.requiringNew().call(() -> {
                TrainingJobEntity job = running(jobId);
                if (published != null) {
                    job.resultVersion = published.version();
                    transitions.announcePublished(new ModelPublished(Events.SCHEMA_VERSION, published.version(),
                            published.domain(), published.parent(), published.sha256(),
                            registry.artifactUri(published.version()), published.metrics(), Instant.now()));
                }
                transitions.move(job, state, reason, metrics);
                return JobJson.view(job);
            });
        } catch (RuntimeException e) {
            if (published != null) {
                registry.store().withdraw(published.modelVersion());
                LOG.warnf("job %s: withdrew %s from the registry because the job's success could not be recorded: %s",
                        jobId, published.version(), e.toString());
            }
            throw e;
        }
        signals.jobsChanged();
        return view;
    }

    private TrainingJobEntity running(String jobId) {
        TrainingJobEntity job = jobs.findById(jobId);
        if (job == null) {
            throw new JobNotFoundException(jobId);
        }
        if (!TrainingState.RUNNING.wire().equals(job.state)) {
            throw new JobNotRunningException(jobId, job.state);
        }
        return job;
    }

    /** JSON has no NaN or infinity; a diverged metric is dropped rather than breaking the event. */
    private static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
