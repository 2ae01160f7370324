package io.specialist.trainer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.TrainingState;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.JobOutcome;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.pipeline.Progress;
import io.specialist.trainer.pipeline.Verdict;
import io.specialist.trainer.registry.Sha256;
import io.specialist.trainer.repository.TrainingJobEntity;
import io.specialist.trainer.repository.TrainingJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * What a training Job running elsewhere (Kubernetes) calls back: fetch its spec, report progress (which
 * is also its heartbeat and how it learns of a cancel), upload the candidate checkpoint, report the
 * outcome. Candidates are staged under the registry folder, which all replicas share.
 */
@ApplicationScoped
public class WorkerCallbacks {

    private final TrainingJobRepository jobs;
    private final JobCompletion completion;
    private final Path staging;

    public WorkerCallbacks(TrainingJobRepository jobs, JobCompletion completion, TrainerConfig config) {
        this.jobs = jobs;
        this.completion = completion;
        this.staging = Path.of(config.registryPath()).resolve(".staging");
    }

    public JobSpec spec(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TrainingJobEntity job = running(jobId);
            return new JobSpec(job.id, job.domain, JobKind.fromWire(job.kind), job.parentVersion, job.baseVersion,
                    JobJson.settings(job));
        });
    }

    /** Records progress and returns whether a cancel was requested. */
    public boolean progress(String jobId, Progress progress) {
        return QuarkusTransaction.requiringNew().call(() -> {
            running(jobId);
            return jobs.progress(jobId, JobJson.write(progress), Instant.now());
        });
    }

    /** Stores the uploaded candidate checkpoint, verifying its SHA-256 when the worker sent one. */
    public String stageCandidate(String jobId, InputStream body, String expectedSha256) {
        QuarkusTransaction.requiringNew().call(() -> running(jobId));
        try {
            Files.createDirectories(staging);
            Path tmp = Files.createTempFile(staging, jobId, ".upload");
            Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
            String actual = Sha256.hex(Files.readAllBytes(tmp));
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
                Files.deleteIfExists(tmp);
                throw new IllegalArgumentException("candidate checkpoint SHA-256 is " + actual + " but the upload "
                        + "declared " + expectedSha256 + ": the upload is damaged, send it again");
            }
            Files.move(tmp, candidate(jobId), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return actual;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the candidate of job " + jobId, e);
        }
    }

    public JobView result(String jobId, JobOutcome outcome) {
        byte[] checkpoint = null;
        Path file = candidate(jobId);
        try {
            if (outcome.verdict() == Verdict.ACCEPTED) {
                if (!Files.exists(file)) {
                    throw new IllegalArgumentException("job " + jobId + " reports an accepted candidate but none was "
                            + "uploaded: PUT the checkpoint to /v1/jobs/" + jobId + "/candidate first");
                }
                checkpoint = Files.readAllBytes(file);
            }
            JobView view = completion.complete(jobId, outcome, checkpoint);
            Files.deleteIfExists(file);
            return view;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the staged candidate of job " + jobId, e);
        }
    }

    private Path candidate(String jobId) {
        return staging.resolve(jobId + ".ckpt");
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
}
