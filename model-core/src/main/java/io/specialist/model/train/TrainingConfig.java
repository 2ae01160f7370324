package io.specialist.model.train;

/**
 * Hyper-parameters of one training run (pretraining or a fine-tune).
 *
 * @param steps               optimiser steps
 * @param batchSize           sequences per step (B)
 * @param seqLen              tokens per sequence (T), at most the model's context length
 * @param learningRate        peak learning rate after warm-up
 * @param minLrFraction       the cosine decay ends at learningRate * minLrFraction
 * @param warmupSteps         linear warm-up steps; every run warms up again from zero
 * @param weightDecay         AdamW decoupled weight decay on weight matrices and embeddings
 * @param gradClip            global gradient-norm clip (0 or less: no clipping)
 * @param replayFraction      fraction of sequences drawn from general (replay) text, in [0, 1]
 * @param regularizer         forgetting protection toward the parent weights
 * @param regularizerStrength λ of the L2-SP or EWC penalty
 * @param seed                seeds the data order; the same seed gives the same run bit for bit
 * @param retrieval           rows with retrieved neighbour passages ahead of the text ({@link RetrievalTraining#NONE}: none)
 */
public record TrainingConfig(
        int steps,
        int batchSize,
        int seqLen,
        float learningRate,
        float minLrFraction,
        int warmupSteps,
        float weightDecay,
        float gradClip,
        float replayFraction,
        Regularizer regularizer,
        float regularizerStrength,
        long seed,
        RetrievalTraining retrieval) {

    public TrainingConfig {
        require(steps >= 1, "steps must be at least 1, got " + steps);
        require(batchSize >= 1, "batchSize must be at least 1, got " + batchSize);
        require(seqLen >= 1, "seqLen must be at least 1, got " + seqLen);
        require(learningRate > 0 && Float.isFinite(learningRate), "learningRate must be positive, got " + learningRate);
        require(minLrFraction >= 0 && minLrFraction <= 1, "minLrFraction must be in [0, 1], got " + minLrFraction);
        require(warmupSteps >= 0, "warmupSteps must not be negative, got " + warmupSteps);
        require(weightDecay >= 0, "weightDecay must not be negative, got " + weightDecay);
        require(replayFraction >= 0 && replayFraction <= 1, "replayFraction must be in [0, 1], got " + replayFraction);
        require(regularizer != null, "regularizer must be set (NONE, L2SP or EWC)");
        require(regularizerStrength >= 0, "regularizerStrength must not be negative, got " + regularizerStrength);
        require(retrieval != null, "retrieval must be set (RetrievalTraining.NONE for none)");
    }

    /** Without retrieval rows. */
    public TrainingConfig(int steps, int batchSize, int seqLen, float learningRate, float minLrFraction, int warmupSteps,
                          float weightDecay, float gradClip, float replayFraction, Regularizer regularizer,
                          float regularizerStrength, long seed) {
        this(steps, batchSize, seqLen, learningRate, minLrFraction, warmupSteps, weightDecay, gradClip, replayFraction,
                regularizer, regularizerStrength, seed, RetrievalTraining.NONE);
    }

    /** Defaults for pretraining a base model: no replay, no regulariser. */
    public static TrainingConfig pretraining(int steps, int batchSize, int seqLen) {
        return new TrainingConfig(steps, batchSize, seqLen, 3e-3f, 0.1f, Math.max(1, steps / 20),
                0.01f, 1.0f, 0f, Regularizer.NONE, 0f, 1234L);
    }

    /** Defaults for a domain fine-tune with the given protection. */
    public static TrainingConfig fineTuning(int steps, int batchSize, int seqLen, Regularizer regularizer,
                                            float strength, float replayFraction) {
        return new TrainingConfig(steps, batchSize, seqLen, 1e-3f, 0.1f, Math.max(1, steps / 10),
                0.0f, 1.0f, replayFraction, regularizer, strength, 1234L);
    }

    public TrainingConfig withSteps(int newSteps) {
        return new TrainingConfig(newSteps, batchSize, seqLen, learningRate, minLrFraction, warmupSteps,
                weightDecay, gradClip, replayFraction, regularizer, regularizerStrength, seed, retrieval);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLrFraction, warmupSteps,
                weightDecay, gradClip, replayFraction, regularizer, regularizerStrength, newSeed, retrieval);
    }

    public TrainingConfig withRegularizer(Regularizer kind, float strength) {
        return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLrFraction, warmupSteps,
                weightDecay, gradClip, replayFraction, kind, strength, seed, retrieval);
    }

    public TrainingConfig withReplayFraction(float fraction) {
        return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLrFraction, warmupSteps,
                weightDecay, gradClip, fraction, regularizer, regularizerStrength, seed, retrieval);
    }

    public TrainingConfig withLearningRate(float lr) {
        return new TrainingConfig(steps, batchSize, seqLen, lr, minLrFraction, warmupSteps,
                weightDecay, gradClip, replayFraction, regularizer, regularizerStrength, seed, retrieval);
    }

    public TrainingConfig withRetrieval(RetrievalTraining newRetrieval) {
        return new TrainingConfig(steps, batchSize, seqLen, learningRate, minLrFraction, warmupSteps,
                weightDecay, gradClip, replayFraction, regularizer, regularizerStrength, seed, newRetrieval);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
