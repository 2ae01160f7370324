package io.specialist.trainer.runner;

import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.pipeline.Progress;
import java.util.Locale;

/** One readable log line per progress report. */
final class ProgressLog {

    private ProgressLog() {
    }

    static String line(JobSpec job, Progress p) {
        String head = String.format(Locale.ROOT, "job %s [%s %s] %s", job.jobId(), job.kind().wire(), job.domain(),
                p.phase());
        if (p.step() == null) {
            return head;
        }
        return head + String.format(Locale.ROOT, " step %d/%d loss %.4f %,.0f tok/s ETA %.0fs", p.step(), p.steps(),
                p.loss() == null ? Double.NaN : p.loss(), p.tokensPerSecond() == null ? 0.0 : p.tokensPerSecond(),
                p.etaSeconds() == null ? 0.0 : p.etaSeconds());
    }
}
