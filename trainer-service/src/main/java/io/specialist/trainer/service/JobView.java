package io.specialist.trainer.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.specialist.trainer.pipeline.JobSettings;
import io.specialist.trainer.pipeline.Progress;
import java.time.Instant;
import java.util.Map;

/**
 * A training job as {@code GET /v1/jobs/{id}} shows it.
 *
 * @param parent            the model training continues from (resolved when the job starts)
 * @param base              the base model the general regression is judged against
 * @param result            the version published by this job, when it succeeded
 * @param metrics           gate numbers (kept for rejected jobs too)
 * @param progress          the last progress report (phase, step, loss, tokens/s, ETA)
 * @param coalescedTriggers how many later triggers were merged into this job while it waited
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String id,
        String domain,
        String kind,
        String state,
        Trigger trigger,
        String parent,
        String base,
        String result,
        JobSettings config,
        Map<String, Double> metrics,
        Progress progress,
        String reason,
        String runner,
        String runnerRef,
        int attempts,
        int coalescedTriggers,
        boolean cancelRequested,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt) {

    /** What created the job: {@code drift}, {@code api} or {@code startup}, with the drift statistic etc. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Trigger(String source, Map<String, Object> detail) {
    }
}
