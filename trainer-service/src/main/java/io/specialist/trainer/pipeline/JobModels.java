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

    /**
     * The full model an adapter job of {@code job} trains on (frozen), with the version the adapter is tied to:
     * <ul>
     *   <li>the base, when the parent is the base or an adapter on a base (the job's, or an older one: its weights
     *       mean nothing on the new base, so a fresh adapter starts there);</li>
     *   <li>the parent itself when it is a full fine-tune of the domain: an adapter on the base would start from
     *       scratch and be judged against the fine-tune's domain score, so it builds on the fine-tune instead;</li>
     *   <li>the full fine-tune an adapter parent was trained on (the previous case, one job later), fetched by the
     *       version its fingerprint names, so that the adapter is continued on the weights it was trained on.</li>
     * </ul>
     * Publishing merges the adapter into the version it is tied to, so serving gets a full artifact either way.
     */
    FrozenModel adapterBase(JobSpec job, ModelSource models) {
        if (parentIsBase()) {
            return new FrozenModel(job.baseVersion(), base);
        }
        if (parent.adapter() == null) {
            return new FrozenModel(job.parentVersion(), TrainingPipeline.load(parentBytes, job.parentVersion()));
        }
        String own = parent.adapter().base().version();
        if (own.equals(job.baseVersion()) || !job.domain().equals(domainOf(own))) {
            return new FrozenModel(job.baseVersion(), base);
        }
        return new FrozenModel(own, TrainingPipeline.load(models.checkpoint(own), own));
    }

    /** {@code legal} of {@code legal@3}. */
    private static String domainOf(String version) {
        int at = version.lastIndexOf('@');
        return at < 0 ? version : version.substring(0, at);
    }

    /** A full model an adapter is trained on, and the version its fingerprint names. */
    record FrozenModel(String version, Checkpoint checkpoint) {
    }
}
