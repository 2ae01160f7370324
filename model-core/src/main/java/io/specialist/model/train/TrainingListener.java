package io.specialist.model.train;

/** Receives progress after every optimiser step. */
@FunctionalInterface
public interface TrainingListener {

    /**
     * @param step            steps completed so far (1-based)
     * @param totalSteps      steps planned
     * @param loss            mean cross-entropy of this step's batch, in nats (without the penalty)
     * @param learningRate    learning rate used for this step
     * @param tokensPerSecond training throughput so far
     * @param etaSeconds      estimated seconds until the last step
     */
    void onStep(int step, int totalSteps, float loss, float learningRate, double tokensPerSecond, double etaSeconds);

    TrainingListener NONE = (step, totalSteps, loss, lr, tps, eta) -> { };
}
