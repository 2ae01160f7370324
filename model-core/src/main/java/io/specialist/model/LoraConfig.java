package io.specialist.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Shape of a set of low-rank adapters (LoRA, Hu et al. 2021): which matrices of which blocks carry
 * one, the rank r and the scale alpha (the update is {@code (alpha/r) · B · A}).
 *
 * @param rank    r, the inner dimension of every adapter; 1 <= r <= dModel
 * @param alpha   numerator of the scale alpha/r, so changing r does not retune the learning rate
 * @param targets matrices adapted in each chosen block (at least one)
 * @param layers  block indices that carry adapters, ascending; empty means every block
 */
public record LoraConfig(int rank, float alpha, Set<LoraTarget> targets, List<Integer> layers) {

    public LoraConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("adapter rank must be at least 1, got " + rank);
        }
        if (!(alpha > 0) || !Float.isFinite(alpha)) {
            throw new IllegalArgumentException("adapter alpha must be positive, got " + alpha);
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("adapter targets must name at least one of qkv, attproj, fc, fcproj");
        }
        targets = Set.copyOf(EnumSet.copyOf(targets));
        layers = List.copyOf(new TreeSet<>(layers == null ? List.of() : layers));
        for (int l : layers) {
            if (l < 0) {
                throw new IllegalArgumentException("adapter layer indices must not be negative, got " + layers);
            }
        }
    }

    /** Rank 8, alpha 16, all four matrices of every block. */
    public static LoraConfig defaults() {
        return new LoraConfig(8, 16f, EnumSet.allOf(LoraTarget.class), List.of());
    }

    /** alpha / r. */
    public float scale() {
        return alpha / rank;
    }

    /** Targets in declaration order (stable for layouts and file formats). */
    public List<LoraTarget> orderedTargets() {
        return EnumSet.copyOf(targets).stream().toList();
    }

    /** Whether block {@code layer} carries adapters. */
    public boolean adapts(int layer) {
        return layers.isEmpty() || layers.contains(layer);
    }

    /** Checks this config against a model shape; the error says what to change. */
    public void validateFor(ModelConfig model) {
        if (rank > model.dModel()) {
            throw new IllegalArgumentException("adapter rank " + rank + " exceeds the model width "
                    + model.dModel() + ": a rank that large is no longer low-rank");
        }
        for (int l : layers) {
            if (l >= model.layers()) {
                throw new IllegalArgumentException("adapter layer " + l + " does not exist: the model has "
                        + model.layers() + " blocks (0.." + (model.layers() - 1) + ")");
            }
        }
    }

    /** e.g. {@code qkv,attproj,fc,fcproj}. */
    public String targetList() {
        return orderedTargets().stream().map(LoraTarget::id).collect(Collectors.joining(","));
    }
}
