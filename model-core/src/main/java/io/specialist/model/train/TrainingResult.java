package io.specialist.model.train;

/**
 * Outcome of {@link Trainer#train}.
 *
 * @param stepsCompleted  optimiser steps actually taken
 * @param totalSteps      steps planned
 * @param finalLoss       mean data loss (nats) over the last min(10, steps) steps; NaN if no step ran
 * @param tokensPerSecond training tokens processed per wall-clock second
 * @param wallSeconds     wall time of the run
 * @param cancelled       true when the run stopped early because cancellation was requested
 * @param optimizerState  AdamW state after the last step, to save with a checkpoint
 */
public record TrainingResult(int stepsCompleted, int totalSteps, double finalLoss, double tokensPerSecond,
                             double wallSeconds, boolean cancelled, AdamW.State optimizerState) {
}
