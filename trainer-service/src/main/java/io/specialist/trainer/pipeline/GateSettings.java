package io.specialist.trainer.pipeline;

/**
 * Thresholds of the two-sided gate.
 *
 * @param minDomainGain        minimum relative domain bits/byte improvement over the replaced model
 * @param maxGeneralRegression maximum relative general bits/byte worsening versus the base model
 * @param minHeldoutDocs       held-out documents needed to judge at all
 */
public record GateSettings(double minDomainGain, double maxGeneralRegression, int minHeldoutDocs) {
}
