package io.specialist.trainer.pipeline;

/**
 * Thresholds of the two-sided gate.
 *
 * @param minDomainGain        minimum relative domain bits/byte improvement over the replaced model
 * @param maxGeneralRegression maximum relative general bits/byte worsening versus the base model
 * @param minHeldoutDocs       held-out documents needed to judge at all
 * @param generalEvalDocs      general held-out documents scored (the first N of the bundled corpus's 50)
 */
public record GateSettings(double minDomainGain, double maxGeneralRegression, int minHeldoutDocs,
        int generalEvalDocs) {
}
