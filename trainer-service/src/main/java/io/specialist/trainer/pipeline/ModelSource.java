package io.specialist.trainer.pipeline;

/** Where a job gets the checkpoints of its parent and base models: the registry, or the trainer over HTTP. */
@FunctionalInterface
public interface ModelSource {

    /** The checkpoint bytes of {@code version} ({@code domain@N}). */
    byte[] checkpoint(String version);
}
