package io.specialist.trainer.pipeline;

/** How much a job reads from ingest. */
public record DataSettings(int pageSize, long maxTrainBytes, long maxHeldoutBytes) {
}
