package io.specialist.trainer.pipeline;

import io.specialist.model.checkpoint.Checkpoint;

/**
 * The two models a domain job starts from, read once: the parent it continues (the domain's latest model, else the
 * base) and the base the general regression is judged against.
 *
 * @param base        the base checkpoint
 * @param baseBytes   its bytes (the key of its cached general score)
 * @param parentBytes the parent's bytes; the same array as {@code baseBytes} when the parent is the base
 * @param parent      the parent as a full model (an adapter parent merged into its base)
 */
record JobModels(Checkpoint base, byte[] baseBytes, byte[] parentBytes, ParentModel parent) {

    static JobModels load(JobSpec job, ModelSource models) {
        byte[] parentBytes = models.checkpoint(job.parentVersion());
        byte[] baseBytes = job.baseVersion().equals(job.parentVersion()) ? parentBytes : models.checkpoint(job.baseVersion());
        Checkpoint base = TrainingPipeline.load(baseBytes, job.baseVersion());
        ParentModel parent = baseBytes == parentBytes ? ParentModel.full(base)
                : ParentModel.load(parentBytes, job.parentVersion(), base, job.baseVersion(), models);
        return new JobModels(base, baseBytes, parentBytes, parent);
    }

    boolean parentIsBase() {
        return baseBytes == parentBytes;
    }
}
