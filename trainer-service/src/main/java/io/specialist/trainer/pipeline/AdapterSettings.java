package io.specialist.trainer.pipeline;

import io.specialist.model.LoraConfig;
import io.specialist.model.LoraTarget;

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
 */
public record AdapterSettings(int rank, double alpha, List<String> targets, List<Integer> layers, double learningRate) {

    public AdapterSettings {
        targets = targets == null ? List.of() : List.copyOf(targets);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** As model-core's config; throws IllegalArgumentException naming a bad value. */
    public LoraConfig toLoraConfig() {
        return new LoraConfig(rank, (float) alpha,
                targets.stream().map(LoraTarget::parse).collect(Collectors.toSet()), layers);
    }
}
