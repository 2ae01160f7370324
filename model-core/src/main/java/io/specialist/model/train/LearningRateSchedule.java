package io.specialist.model.train;

/**
 * Linear warm-up to the peak rate, then cosine decay to {@code peak * minFraction} at the last step.
 * A continued-training run builds a new schedule, so it re-warms from zero instead of starting at
 * full rate on weights the old optimiser state no longer describes.
 */
public record LearningRateSchedule(float peak, float minFraction, int warmupSteps, int totalSteps) {

    public static LearningRateSchedule of(TrainingConfig cfg) {
        return new LearningRateSchedule(cfg.learningRate(), cfg.minLrFraction(),
                Math.min(cfg.warmupSteps(), cfg.steps()), cfg.steps());
    }

    /** Learning rate of step {@code step} (0-based). */
    public float at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        float min = peak * minFraction;
        int decaySteps = totalSteps - warmupSteps;
        if (decaySteps <= 1) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (decaySteps - 1));
        return (float) (min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress)));
    }
}
