package io.specialist.trainer.runner;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.trainer.config.PlatformConfig;
import io.specialist.model.preference.PreferencePair;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.feedback.FeedbackStore;
import io.specialist.trainer.pipeline.IngestClient;
import io.specialist.trainer.pipeline.JobCancelledException;
import io.specialist.trainer.pipeline.JobResult;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.pipeline.Progress;
import io.specialist.trainer.pipeline.TrainingPipeline;
import io.specialist.trainer.registry.Blob;
import io.specialist.trainer.registry.ModelVersion;
import io.specialist.trainer.repository.TrainingJobRepository;
import io.specialist.trainer.service.JobCompletion;
import io.specialist.trainer.service.JobJson;
import io.specialist.trainer.service.JobSignals;
import io.specialist.trainer.service.ModelRegistry;
import io.specialist.trainer.service.RunnerIdentity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs jobs on a bounded pool of threads in this JVM. Each running job is heartbeated in the database (so
 * a replacement instance can tell it is alive) and can be cancelled between optimiser steps, from this
 * replica or any other (the cancel flag is read back with the heartbeat).
 */
@ApplicationScoped
public class InProcessJobRunner implements JobRunner {

    public static final String NAME = "in-process";
    private static final Logger LOG = Logger.getLogger(InProcessJobRunner.class);

    private final TrainerConfig config;
    private final PlatformConfig platform;
    private final ModelRegistry registry;
    private final JobCompletion completion;
    private final TrainingJobRepository jobs;
    private final RunnerIdentity identity;
    private final JobSignals signals;
    private final FeedbackStore feedback;
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private ExecutorService pool;
    private ScheduledExecutorService heartbeat;

    public InProcessJobRunner(TrainerConfig config, PlatformConfig platform, ModelRegistry registry,
            JobCompletion completion, TrainingJobRepository jobs, RunnerIdentity identity, JobSignals signals,
            FeedbackStore feedback) {
        this.feedback = feedback;
        this.config = config;
        this.platform = platform;
        this.registry = registry;
        this.completion = completion;
        this.jobs = jobs;
        this.identity = identity;
        this.signals = signals;
        signals.onCancel(this::cancel);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int freeSlots() {
        return Math.max(0, config.workers() - running.size());
    }

    @Override
    public synchronized String start(JobSpec job) {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(config.workers(), r -> {
                Thread t = new Thread(r, "trainer-job-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trainer-heartbeat");
                t.setDaemon(true);
                return t;
            });
            long period = config.heartbeatInterval().toMillis();
            heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        running.put(job.jobId(), cancelled);
        pool.execute(() -> run(job, cancelled));
        return null;
    }

    @Override
    public boolean isRunningHere(String jobId) {
        return running.containsKey(jobId);
    }

    @Override
    public void cancel(String jobId) {
        AtomicBoolean flag = running.get(jobId);
        if (flag != null) {
            flag.set(true);
        }
    }

    /** In-process jobs cannot outlive their JVM; those of dead instances are handled by JobRecovery. */
    @Override
    public void resume(List<RunningJob> jobs) {
    }

    private void run(JobSpec job, AtomicBoolean cancelled) {
        try {
            TrainingPipeline pipeline = new TrainingPipeline(
                    new IngestClient(platform.ingestUrl(), config.data().httpTimeout()),
                    this::checkpoint,
                    progress -> report(job, progress),
                    config.progressInterval(),
                    (domain, split, max) -> feedback.pairs(domain, split, max).stream()
                            .map(p -> new PreferencePair(p.prompt(), p.chosen(), p.rejected())).toList());
            JobResult result = pipeline.run(job, cancelled::get);
            completion.complete(job.jobId(), result.outcome(), result.candidateCheckpoint());
        } catch (JobCancelledException e) {
            if (shuttingDown.get()) {
                LOG.infof("job %s interrupted by shutdown; it will be re-queued on the next start", job.jobId());
            } else {
                completion.fail(job.jobId(), "cancelled by an admin request while running");
            }
        } catch (Throwable e) {
            LOG.errorf(e, "job %s for domain %s failed", job.jobId(), job.domain());
            completion.fail(job.jobId(), "training failed: " + describe(e));
        } finally {
            running.remove(job.jobId());
            signals.jobsChanged();
        }
    }

    private byte[] checkpoint(String version) {
        Blob blob = registry.checkpoint(ModelVersion.parse(version)).orElseThrow(
                () -> new IllegalStateException("the registry has no checkpoint of " + version));
        try (InputStream in = blob.open(0)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint of " + version, e);
        }
    }

    private void report(JobSpec job, Progress progress) {
        LOG.info(ProgressLog.line(job, progress));
        boolean cancel = QuarkusTransaction.requiringNew().call(
                () -> jobs.progress(job.jobId(), JobJson.write(progress), Instant.now()));
        if (cancel) {
            cancel(job.jobId());
        }
    }

    /** Refreshes the heartbeat of every job running here and picks up cancel requests made elsewhere. */
    private void beat() {
        if (running.isEmpty()) {
            return;
        }
        try {
            List<String> cancels = QuarkusTransaction.requiringNew().call(
                    () -> jobs.heartbeat(List.copyOf(running.keySet()), Instant.now()));
            cancels.forEach(this::cancel);
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat of running jobs failed: %s", e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @PreDestroy
    void shutdown() {
        shuttingDown.set(true);
        running.values().forEach(flag -> flag.set(true));
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
