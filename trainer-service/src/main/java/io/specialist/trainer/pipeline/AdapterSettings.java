package io.specialist.trainer.pipeline;

import io.specialist.model.LoraConfig;
import io.specialist.model.LoraTarget;
import io.specialist.model.train.TrainingConfig;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Low-rank adapter settings of a job with {@code method: adapter}, stored with the job.
 *
 * @param rank         r of every adapter matrix
 * @param alpha        the update is (alpha / r) * B * A
 * @param targets      adapted matrices of each block ({@code qkv, attproj, fc, fcproj})
 * @param layers       blocks with adapters; empty means all
 * @param learningRate peak learning rate (replaces the training settings' one for adapter jobs)
 * @param replayFraction share of general text in each batch (replaces the training settings' one); null for jobs
 *                       stored before it existed: the training settings' one
 * @param regularizerStrength lambda of the job's regulariser on the merged weights, i.e. on the adapter's delta
 *                       (replaces the training settings' one); null for jobs stored before it existed: none
 */
public record AdapterSettings(int rank, double alpha, List<String> targets, List<Integer> layers, double learningRate,
        Double replayFraction, Double regularizerStrength) {

    public AdapterSettings {
        targets = targets == null ? List.of() : List.copyOf(targets);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /**
     * The job's training config with this adapter's learning rate, replay and regulariser strength (the regulariser
     * kind stays the job's: model-core applies it to the merged weights).
     */
    public TrainingConfig applyTo(TrainingConfig job) {
        TrainingConfig c = job.withLearningRate((float) learningRate);
        if (replayFraction != null) {
            c = c.withReplayFraction(replayFraction.floatValue());
        }
        return c.withRegularizer(c.regularizer(), regularizerStrength == null ? 0f : regularizerStrength.floatValue());
    }

    /** As model-core's config; throws IllegalArgumentException naming a bad value. */
    public LoraConfig toLoraConfig() {
        return new LoraConfig(rank, (float) alpha,
                targets.stream().map(LoraTarget::parse).collect(Collectors.toSet()), layers);
    }
}
