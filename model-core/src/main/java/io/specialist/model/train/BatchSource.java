package io.specialist.model.train;

/** Where a training loop's batches come from. */
interface BatchSource {

    /**
     * Fills inputs (B,T) and targets (B,T) and returns the loss mask (B,T) of this batch (1: the target is
     * trained, 0: it is not), or null when every target is trained.
     */
    float[] next(int[] inputs, int[] targets);
}
