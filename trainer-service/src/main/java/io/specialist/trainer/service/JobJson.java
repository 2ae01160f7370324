package io.specialist.trainer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.events.EventCodec;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.JobSettings;
import io.specialist.trainer.pipeline.Progress;
import io.specialist.trainer.repository.TrainingJobEntity;
import java.util.Map;

/** JSON columns of the job row, and the row as a {@link JobView}. */
public final class JobJson {

    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private JobJson() {
    }

    public static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read: " + e.getMessage(), e);
        }
    }

    public static Map<String, Double> metrics(TrainingJobEntity job) {
        return read(job.metricsJson, new TypeReference<Map<String, Double>>() { });
    }

    public static JobSettings settings(TrainingJobEntity job) {
        return read(job.configJson, JobSettings.class);
    }

    public static JobView view(TrainingJobEntity job) {
        Map<String, Object> detail = read(job.triggerDetail, new TypeReference<Map<String, Object>>() { });
        return new JobView(job.id, job.domain, JobKind.fromWire(job.kind).wire(), job.state, new JobView.Trigger(job.triggerSource, detail),
                job.parentVersion, job.baseVersion, job.resultVersion, settings(job), metrics(job),
                read(job.progressJson, Progress.class), job.reason, job.runner, job.runnerRef, job.attempts,
                job.coalesced, job.cancelRequested, job.createdAt, job.startedAt, job.finishedAt, job.updatedAt);
    }
}
