package io.specialist.trainer.pipeline;

/**
 * What a preference (DPO) job needs besides its optimiser settings; stored with the job.
 *
 * @param beta            DPO temperature
 * @param replayWeight    weight of the replayed general-text loss next to the DPO loss
 * @param minAccuracyGain minimum absolute held-out pair accuracy gain over the parent for the gate
 * @param minHeldoutPairs held-out pairs needed to judge a candidate
 * @param maxPairs        most recent pairs read per split
 */
public record PreferenceSettings(double beta, double replayWeight, double minAccuracyGain, int minHeldoutPairs,
        int maxPairs) {
}
