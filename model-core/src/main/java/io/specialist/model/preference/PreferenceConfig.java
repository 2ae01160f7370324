package io.specialist.model.preference;

import io.specialist.model.train.TrainingConfig;

/**
 * Hyper-parameters of a DPO run.
 *
 * @param training     optimiser, schedule, regulariser and seed as for a fine-tune; {@code batchSize} is pairs
 *                     per step (2·B sequences), {@code replayFraction} the share of general-text rows in a
 *                     step's rows (replay rows = round(2B · f / (1 - f)))
 * @param beta         DPO temperature β: how far the policy may move from the reference per unit of preference
 * @param replayWeight weight of the replayed language-modelling loss next to the DPO loss
 */
public record PreferenceConfig(TrainingConfig training, double beta, double replayWeight) {

    public PreferenceConfig {
        if (training == null) {
            throw new IllegalArgumentException("training settings are required");
        }
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be positive, got " + beta);
        }
        if (!(replayWeight >= 0) || !Double.isFinite(replayWeight)) {
            throw new IllegalArgumentException("replayWeight must not be negative, got " + replayWeight);
        }
        if (training.replayFraction() >= 1f) {
            throw new IllegalArgumentException("replayFraction must be below 1 for DPO (some rows must be pairs), got "
                    + training.replayFraction());
        }
    }

    /** Replay rows per step. */
    public int replayRows() {
        float f = training.replayFraction();
        return replayWeight == 0 ? 0 : Math.round(2 * training.batchSize() * f / (1 - f));
    }
}
