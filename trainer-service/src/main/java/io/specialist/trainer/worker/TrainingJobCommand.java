package io.specialist.trainer.worker;

import io.specialist.trainer.pipeline.HttpPairSource;
import io.specialist.trainer.pipeline.IngestClient;
import io.specialist.trainer.pipeline.JobCancelledException;
import io.specialist.trainer.pipeline.JobOutcome;
import io.specialist.trainer.pipeline.JobResult;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.pipeline.TrainingPipeline;
import io.specialist.trainer.pipeline.Verdict;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The training entry point of a Kubernetes Job: {@code train-job --job-id=... --trainer-url=... --ingest-url=...}.
 * It runs the same pipeline as the in-process runner, reading the job spec and parent checkpoints from the
 * trainer, documents from ingest, and pushing progress, the candidate and the outcome back to the trainer.
 * Exit code 0 means the outcome (whatever it was) reached the trainer; anything else lets Kubernetes retry.
 */
@Command(name = TrainingJobCommand.NAME, mixinStandardHelpOptions = true,
        description = "Runs one Specialist training job and reports to the trainer over HTTP.")
public class TrainingJobCommand implements Callable<Integer> {

    public static final String NAME = "train-job";
    /** Exit code when the outcome could not be delivered to the trainer. */
    public static final int UNREPORTED = 2;
    private static final Logger LOG = Logger.getLogger(TrainingJobCommand.class);

    @Option(names = "--job-id", required = true, description = "Id of the training job (running in the trainer).")
    String jobId;

    @Option(names = "--trainer-url", required = true, description = "Base URL of trainer-service.")
    String trainerUrl;

    @Option(names = "--ingest-url", required = true, description = "Base URL of ingest-service.")
    String ingestUrl;

    @Option(names = "--token", defaultValue = "${env:SPECIALIST_ADMIN_TOKEN}",
            description = "Admin bearer token (default: env SPECIALIST_ADMIN_TOKEN).")
    String token;

    @Option(names = "--progress-interval", defaultValue = "PT5S", description = "ISO-8601 duration between progress reports.")
    Duration progressInterval;

    @Option(names = "--http-timeout", defaultValue = "PT60S", description = "Timeout of one HTTP call.")
    Duration httpTimeout;

    @Override
    public Integer call() {
        if (token == null || token.isBlank()) {
            LOG.error("no admin token: set SPECIALIST_ADMIN_TOKEN or pass --token");
            return UNREPORTED;
        }
        TrainerApiClient api = new TrainerApiClient(trainerUrl, token, httpTimeout);
        JobSpec spec;
        try {
            spec = api.spec(jobId);
        } catch (RuntimeException e) {
            LOG.errorf("cannot read the spec of job %s: %s", jobId, e.getMessage());
            return UNREPORTED;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        JobOutcome outcome;
        byte[] candidate = null;
        try {
            TrainingPipeline pipeline = new TrainingPipeline(new IngestClient(ingestUrl, httpTimeout), api::checkpoint,
                    progress -> {
                        LOG.infof("job %s %s step %s/%s loss %s tok/s %s", jobId, progress.phase(), progress.step(),
                                progress.steps(), progress.loss(), progress.tokensPerSecond());
                        if (api.progress(jobId, progress)) {
                            cancelled.set(true);
                        }
                    }, progressInterval, new HttpPairSource(trainerUrl, httpTimeout));
            JobResult result = pipeline.run(spec, cancelled::get);
            outcome = result.outcome();
            candidate = result.candidateCheckpoint();
        } catch (JobCancelledException e) {
            outcome = JobOutcome.failed("cancelled by an admin request while running");
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.errorf(e, "job %s failed", jobId);
            outcome = JobOutcome.failed("training failed in Kubernetes Job: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
        try {
            if (outcome.verdict() == Verdict.ACCEPTED) {
                api.uploadCandidate(jobId, candidate);
            }
            api.result(jobId, outcome);
            LOG.infof("job %s reported %s: %s", jobId, outcome.verdict().wire(), outcome.reason());
            return 0;
        } catch (RuntimeException e) {
            LOG.errorf("job %s could not report its outcome (%s): %s", jobId, outcome.verdict().wire(), e.getMessage());
            return UNREPORTED;
        }
    }
}
