package io.specialist.trainer.service;

import io.specialist.events.EventCodec;
import io.specialist.events.Events;
import io.specialist.events.ModelPublished;
import io.specialist.events.Topics;
import io.specialist.events.TrainingEvent;
import io.specialist.events.TrainingState;
import io.specialist.trainer.messaging.Channels;
import io.specialist.trainer.repository.OutboxEntity;
import io.specialist.trainer.repository.OutboxRepository;
import io.specialist.trainer.repository.TrainingJobEntity;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The job state machine: queued -> running -> succeeded | rejected | failed, plus running -> queued for a
 * job whose runner died and queued -> failed for a cancelled one. Every transition is written to the outbox
 * in the caller's transaction, so it reaches {@code specialist.training.events} exactly when it commits.
 */
@ApplicationScoped
public class JobTransitions {

    private static final Map<TrainingState, Set<TrainingState>> ALLOWED = Map.of(
            TrainingState.QUEUED, EnumSet.of(TrainingState.RUNNING, TrainingState.FAILED),
            TrainingState.RUNNING, EnumSet.of(TrainingState.SUCCEEDED, TrainingState.REJECTED, TrainingState.FAILED,
                    TrainingState.QUEUED),
            TrainingState.SUCCEEDED, EnumSet.noneOf(TrainingState.class),
            TrainingState.REJECTED, EnumSet.noneOf(TrainingState.class),
            TrainingState.FAILED, EnumSet.noneOf(TrainingState.class));

    private final OutboxRepository outbox;
    private final MeterRegistry meters;

    public JobTransitions(OutboxRepository outbox, MeterRegistry meters) {
        this.outbox = outbox;
        this.meters = meters;
    }

    public static boolean allowed(TrainingState from, TrainingState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** A new job, queued; announced like any transition. */
    public void created(TrainingJobEntity job) {
        job.state = TrainingState.QUEUED.wire();
        job.queuedDomain = io.specialist.trainer.pipeline.JobKind.fromWire(job.kind).queueKey(job.domain);
        job.createdAt = job.createdAt == null ? Instant.now() : job.createdAt;
        job.updatedAt = job.createdAt;
        announce(job, TrainingState.QUEUED, job.reason, Map.of());
    }

    /** Moves a managed job row to {@code to}; {@code metrics} may be empty. */
    public void move(TrainingJobEntity job, TrainingState to, String reason, Map<String, Double> metrics) {
        TrainingState from = TrainingState.fromWire(job.state);
        if (!allowed(from, to)) {
            throw new IllegalStateException("job " + job.id + " cannot go from " + from.wire() + " to " + to.wire());
        }
        Instant now = Instant.now();
        job.state = to.wire();
        job.updatedAt = now;
        job.reason = reason;
        switch (to) {
            case QUEUED -> {
                job.queuedDomain = io.specialist.trainer.pipeline.JobKind.fromWire(job.kind).queueKey(job.domain);
                job.runningDomain = null;
                job.ownerId = null;
                job.heartbeatAt = null;
                job.cancelRequested = false;
            }
            case RUNNING -> {
                job.queuedDomain = null;
                job.runningDomain = job.domain;
                job.startedAt = now;
                job.heartbeatAt = now;
            }
            default -> {
                job.queuedDomain = null;
                job.runningDomain = null;
                job.finishedAt = now;
            }
        }
        if (metrics != null && !metrics.isEmpty()) {
            job.metricsJson = JobJson.write(new LinkedHashMap<>(metrics));
        }
        announce(job, to, reason, metrics);
    }

    /** Queues the {@code specialist.models.published} event of a registered model in the same transaction. */
    public void announcePublished(ModelPublished event) {
        enqueue(Channels.MODELS_PUBLISHED, event.domain(), Topics.TYPE_MODEL_PUBLISHED, event.publishedAt(),
                EventCodec.toJsonString(event));
    }

    private void announce(TrainingJobEntity job, TrainingState state, String reason, Map<String, Double> metrics) {
        Instant at = job.updatedAt;
        Map<String, Object> eventMetrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        TrainingEvent event = new TrainingEvent(Events.SCHEMA_VERSION, job.id, job.domain, state, eventMetrics, reason, at);
        enqueue(Channels.TRAINING_EVENTS, job.domain, state.ceType(), at, EventCodec.toJsonString(event));
        meters.counter("specialist_trainer_job_transitions_total", "state", state.wire(), "kind", job.kind).increment();
    }

    private void enqueue(String channel, String key, String type, Instant at, String payload) {
        OutboxEntity row = new OutboxEntity();
        row.channel = channel;
        row.recordKey = key;
        row.ceId = UUID.randomUUID().toString();
        row.ceType = type;
        row.ceTime = at;
        row.payload = payload;
        outbox.persist(row);
    }
}
