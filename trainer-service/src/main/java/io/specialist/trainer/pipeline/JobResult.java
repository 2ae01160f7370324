package io.specialist.trainer.pipeline;

/** A finished pipeline run: the outcome and, when accepted, the candidate checkpoint. */
public record JobResult(JobOutcome outcome, byte[] candidateCheckpoint) {
}
