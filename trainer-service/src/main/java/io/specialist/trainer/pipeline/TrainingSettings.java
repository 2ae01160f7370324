package io.specialist.trainer.pipeline;

/**
 * Optimiser and forgetting-protection settings of one job, resolved from the configured defaults and the
 * request when the job is queued, and stored with it. The retrieval fields (rows with retrieved neighbour
 * passages, model-core's {@code RetrievalTraining}) are 0 in jobs stored before they existed: no such rows.
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
        long seed,
        double retrievalFraction,
        double retrievalOwnProbability,
        int retrievalK,
        int retrievalPassageChars) {

    /** Accepted regulariser names, as used in requests and config. */
    public static final java.util.List<String> REGULARIZERS = java.util.List.of("l2sp", "ewc", "none");

    public TrainingSettings withSteps(int value) {
        return new TrainingSettings(value, batchSize, seqLen, learningRate, minLrFraction, Math.min(warmupSteps, value),
                weightDecay, gradClip, replayFraction, regularizer, regularizerStrength, seed,
                retrievalFraction, retrievalOwnProbability, retrievalK, retrievalPassageChars);
    }

    public TrainingSettings withRegularizer(String value) {
        return new TrainingSettings(steps, batchSize, seqLen, learningRate, minLrFraction, warmupSteps,
                weightDecay, gradClip, replayFraction, value, regularizerStrength, seed,
                retrievalFraction, retrievalOwnProbability, retrievalK, retrievalPassageChars);
    }
}
