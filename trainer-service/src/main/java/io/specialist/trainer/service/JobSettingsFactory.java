package io.specialist.trainer.service;

import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.AdapterSettings;
import io.specialist.trainer.pipeline.DataSettings;
import io.specialist.trainer.pipeline.GateSettings;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.JobSettings;
import io.specialist.trainer.pipeline.ModelShape;
import io.specialist.trainer.pipeline.PreferenceSettings;
import io.specialist.trainer.pipeline.TrainingSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/** Turns the configured defaults and a request's overrides into the settings stored with a job. */
@ApplicationScoped
public class JobSettingsFactory {

    private final TrainerConfig config;

    public JobSettingsFactory(TrainerConfig config) {
        this.config = config;
    }

    /**
     * Checks the retrieval-row settings once at startup, so a wrong value stops the service instead of failing
     * every job later; the message names the key.
     */
    public static void checkRetrieval(double trainingFraction, double pretrainFraction, double ownProbability, int k,
                                      int passageChars) {
        check(trainingFraction >= 0 && trainingFraction <= 1, "specialist.trainer.training.retrieval-fraction must be in"
                + " [0, 1], got " + trainingFraction);
        check(pretrainFraction >= 0 && pretrainFraction <= 1, "specialist.trainer.pretrain.retrieval-fraction must be in"
                + " [0, 1], got " + pretrainFraction);
        check(ownProbability >= 0 && ownProbability <= 1, "specialist.trainer.training.retrieval-own-probability must be"
                + " in [0, 1], got " + ownProbability);
        check(k >= 1, "specialist.trainer.training.retrieval-k must be at least 1, got " + k);
        check(passageChars >= 16, "specialist.trainer.training.retrieval-passage-chars must be at least 16, got "
                + passageChars);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The settings of a job for {@code request}: its overrides on top of the configured (per-domain) defaults. */
    public JobSettings resolve(JobRequest request) {
        JobSettings settings = resolve(request.kind(), request.strategy(), request.steps());
        if (request.kind() == JobKind.PRETRAIN) {
            return settings;
        }
        if (request.kind() == JobKind.PREFERENCE) {
            TrainerConfig.Preference p = config.preference();
            return new JobSettings(settings.training(), settings.gate(), settings.data(), null, JobSettings.FULL, null,
                    new PreferenceSettings(p.beta(), p.replayWeight(), p.minAccuracyGain(), p.minHeldoutPairs(),
                            p.maxPairs()));
        }
        String method = method(request.domain(), request.method());
        TrainerConfig.Adapter a = config.adapter();
        AdapterSettings adapter = JobSettings.ADAPTER.equals(method)
                ? new AdapterSettings(a.rank(), a.alpha(), a.targets(), a.layers().orElse(List.of()), a.learningRate(),
                        a.replayFraction(), a.regularizerStrength())
                : null;
        return new JobSettings(settings.training(), settings.gate(), settings.data(), settings.shape(), method, adapter);
    }

    /** The request's method, else the domain's configured one, else the default. */
    String method(String domain, String requested) {
        String method = requested != null ? requested
                : config.adapter().domainMethods().getOrDefault(domain, config.adapter().defaultMethod());
        method = method.toLowerCase(Locale.ROOT);
        if (!JobSettings.METHODS.contains(method)) {
            throw new IllegalArgumentException("fine-tuning method '" + method + "' for domain '" + domain
                    + "' is not one of " + JobSettings.METHODS + " (specialist.trainer.adapter.*)");
        }
        return method;
    }

    public JobSettings resolve(JobKind kind, String strategy, Integer steps) {
        TrainingSettings training = switch (kind) {
            case PRETRAIN -> pretraining();
            case PREFERENCE -> preference();
            default -> fineTuning();
        };
        if (strategy != null) {
            training = training.withRegularizer(strategy.toLowerCase(Locale.ROOT));
        }
        if (steps != null) {
            training = training.withSteps(steps);
        }
        TrainerConfig.Gate gate = config.gate();
        TrainerConfig.Data data = config.data();
        TrainerConfig.Pretrain p = config.pretrain();
        return new JobSettings(training,
                new GateSettings(gate.minDomainGain(), gate.maxGeneralRegression(), gate.minHeldoutDocs(),
                        gate.generalEvalDocs()),
                new DataSettings(data.pageSize(), data.maxTrainBytes(), data.maxHeldoutBytes()),
                kind == JobKind.PRETRAIN
                        ? new ModelShape(p.vocabSize(), p.contextLength(), p.dModel(), p.layers(), p.heads(),
                                p.fisherSequences())
                        : null);
    }

    private TrainingSettings fineTuning() {
        TrainerConfig.Training t = config.training();
        return new TrainingSettings(t.steps(), t.batchSize(), t.seqLen(), t.learningRate(), t.minLrFraction(),
                t.warmupSteps(), t.weightDecay(), t.gradClip(), t.replayFraction(),
                t.regularizer().toLowerCase(Locale.ROOT), t.regularizerStrength(), t.seed(),
                t.retrievalFraction(), t.retrievalOwnProbability(), t.retrievalK(), t.retrievalPassageChars());
    }

    /** Preference jobs: the fine-tune's schedule shape and protection with their own steps, pairs per step and rate. */
    private TrainingSettings preference() {
        TrainerConfig.Preference p = config.preference();
        TrainerConfig.Training t = config.training();
        return new TrainingSettings(p.steps(), p.batchPairs(), t.seqLen(), p.learningRate(), t.minLrFraction(),
                Math.min(t.warmupSteps(), p.steps()), t.weightDecay(), t.gradClip(), t.replayFraction(),
                t.regularizer().toLowerCase(Locale.ROOT), p.regularizerStrength(), t.seed(),
                0.0, t.retrievalOwnProbability(), t.retrievalK(), t.retrievalPassageChars());
    }

    /** Pretraining: no replay (the data is general text) and no regulariser (there is no parent). */
    private TrainingSettings pretraining() {
        TrainerConfig.Pretrain p = config.pretrain();
        TrainerConfig.Training t = config.training();
        return new TrainingSettings(p.steps(), p.batchSize(), p.seqLen(), p.learningRate(), t.minLrFraction(),
                p.warmupSteps(), p.weightDecay(), t.gradClip(), 0.0, "none", 0.0, p.seed(),
                p.retrievalFraction(), t.retrievalOwnProbability(), t.retrievalK(), t.retrievalPassageChars());
    }
}
