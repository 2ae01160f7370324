package io.specialist.trainer.pipeline;

/**
 * Optimiser and forgetting-protection settings of one job, resolved from the configured defaults and the
 * request when the job is queued, and stored with it.
 */
public record TrainingSettings(
        int steps,
        int batchSize,
        int seqLen,
        double learningRate,
        double minLrFraction,
        int warmupSteps,
        double weightDecay,
        double gradClip,
        double replayFraction,
        String regularizer,
        double regularizerStrength,
        long seed) {

    /** Accepted regulariser names, as used in requests and config. */
    public static final java.util.List<String> REGULARIZERS = java.util.List.of("l2sp", "ewc", "none");

    public TrainingSettings withSteps(int value) {
        return new TrainingSettings(value, batchSize, seqLen, learningRate, minLrFraction, Math.min(warmupSteps, value),
                weightDecay, gradClip, replayFraction, regularizer, regularizerStrength, seed);
    }

    public TrainingSettings withRegularizer(String value) {
        return new TrainingSettings(steps, batchSize, seqLen, learningRate, minLrFraction, warmupSteps,
                weightDecay, gradClip, replayFraction, value, regularizerStrength, seed);
    }
}
