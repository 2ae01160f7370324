package io.specialist.trainer.pipeline;

import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.preference.PairEvaluator;
import io.specialist.model.preference.PreferenceConfig;
import io.specialist.model.preference.PreferencePair;
import io.specialist.model.preference.PreferenceTrainer;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.BaseModelPretrainer;
import io.specialist.model.train.FisherEstimator;
import io.specialist.model.train.Regularizer;
import io.specialist.model.train.Trainer;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A {@code preference} job: DPO on the domain's train pairs, starting from the domain's current model (the
 * parent), which is also the frozen reference; replay of general text and the job's regulariser limit
 * forgetting. The {@link PreferenceGate} judges held-out pair accuracy against the parent, general bits/byte
 * against the base and domain bits/byte (held-out documents from ingest, when the domain has any) against the
 * parent. An accepted candidate is stored like a full fine-tune (fresh EWC Fisher, drift's reference).
 */
final class PreferencePipeline {

    private final IngestClient ingest;
    private final ModelSource models;
    private final PairSource pairs;
    private final ProgressSink progress;
    private final Duration progressInterval;

    PreferencePipeline(IngestClient ingest, ModelSource models, PairSource pairs, ProgressSink progress,
            Duration progressInterval) {
        this.ingest = ingest;
        this.models = models;
        this.pairs = pairs;
        this.progress = progress;
        this.progressInterval = progressInterval;
    }

    JobResult run(JobSpec job, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        JobSettings settings = job.settings();
        PreferenceSettings pref = settings.preference();
        if (pref == null) {
            return TrainingPipeline.failed("job " + job.jobId() + " is a preference job without preference settings",
                    Map.of());
        }
        ThrottledProgress listener = new ThrottledProgress(progress, progressInterval, "training");

        listener.phase("fetching-data");
        List<PreferencePair> train = pairs.pairs(job.domain(), "train", pref.maxPairs());
        List<PreferencePair> heldoutPairs = pairs.pairs(job.domain(), "heldout", pref.maxPairs());
        DataSettings data = settings.data();
        DocumentWindow heldoutDocs = ingest.fetch(job.domain(), "heldout", data.pageSize(), data.maxHeldoutBytes(),
                cancelled);
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("trainPairs", train.size());
        window.put("heldoutPairs", heldoutPairs.size());
        window.putAll(heldoutDocs.describe("heldout"));
        if (train.isEmpty()) {
            return TrainingPipeline.failed("domain '" + job.domain() + "' has no training preference pairs yet", window);
        }
        if (heldoutPairs.size() < pref.minHeldoutPairs()) {
            return TrainingPipeline.failed("domain '" + job.domain() + "' has " + heldoutPairs.size() + " held-out "
                    + "preference pairs; the gate needs at least " + pref.minHeldoutPairs() + " to judge a candidate",
                    window);
        }

        listener.phase("loading-model");
        byte[] parentBytes = models.checkpoint(job.parentVersion());
        byte[] baseBytes = job.baseVersion().equals(job.parentVersion()) ? parentBytes : models.checkpoint(job.baseVersion());
        Checkpoint base = TrainingPipeline.load(baseBytes, job.baseVersion());
        ParentModel parent = baseBytes == parentBytes ? ParentModel.full(base)
                : ParentModel.load(parentBytes, job.parentVersion(), base, job.baseVersion(), models);
        BpeTokenizer tokenizer = parent.tokenizer();
        TransformerModel model = parent.model();
        TrainingConfig config = TrainingPipeline.trainingConfig(settings.training(), model.config().contextLength());
        int seqLen = config.seqLen();
        List<String> general = TrainingPipeline.generalHeldOut(settings.gate().generalEvalDocs());
        List<String> domainHeldout = heldoutDocs.texts();

        listener.phase("evaluating-parent");
        PairEvaluator.PairScore pairsBefore = PairEvaluator.evaluate(model, tokenizer, heldoutPairs, seqLen);
        double domainBefore = domainHeldout.isEmpty() ? Double.NaN
                : Evaluator.evaluate(model, tokenizer, domainHeldout).bitsPerByte();
        Evaluator.Score generalBase = TrainingPipeline.generalScore(base, baseBytes, general);
        TransformerModel parentModel = model.copy();
        Evaluator.Score generalParent = baseBytes == parentBytes ? generalBase
                : TrainingPipeline.cachedGeneralScore(parentBytes, general,
                        () -> Evaluator.evaluate(parentModel, tokenizer, general));
        TrainingPipeline.checkCancelled(cancelled);

        List<String> replay = GeneralCorpus.train();
        PreferenceConfig dpo = new PreferenceConfig(config, pref.beta(), pref.replayWeight());
        TrainingResult result = PreferenceTrainer.train(model, tokenizer, train, replay, dpo, listener, cancelled,
                config.regularizer() == Regularizer.EWC ? parent.fisher() : null);
        if (result.cancelled()) {
            throw new JobCancelledException();
        }

        listener.phase("evaluating");
        PairEvaluator.PairScore pairsAfter = PairEvaluator.evaluate(model, tokenizer, heldoutPairs, seqLen);
        List<Double> perDocument = new ArrayList<>();
        Evaluator.Score domainAfterScore = new Evaluator.Score(0, 0, 0, 0);
        for (Evaluator.Score score : Evaluator.evaluateEach(model, tokenizer, domainHeldout)) {
            domainAfterScore = domainAfterScore.plus(score);
            perDocument.add(score.bitsPerByte());
        }
        double domainAfter = domainHeldout.isEmpty() ? Double.NaN : domainAfterScore.bitsPerByte();
        Evaluator.Score generalAfter = Evaluator.evaluate(model, tokenizer, general);
        double maxRegression = settings.gate().maxGeneralRegression();
        PreferenceGate.Decision decision = PreferenceGate.decide(pairsBefore.accuracy(), pairsAfter.accuracy(),
                pref.minAccuracyGain(), domainBefore, domainAfter, generalBase.bitsPerByte(),
                generalAfter.bitsPerByte(), maxRegression);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("pairAccuracyBefore", pairsBefore.accuracy());
        metrics.put("pairAccuracyAfter", pairsAfter.accuracy());
        metrics.put("pairAccuracyGain", decision.accuracyGain());
        metrics.put("pairMarginBefore", pairsBefore.meanMargin());
        metrics.put("pairMarginAfter", pairsAfter.meanMargin());
        metrics.put("trainPairs", (double) train.size());
        metrics.put("heldoutPairs", (double) heldoutPairs.size());
        metrics.put("domainBitsPerByteBefore", domainBefore);
        metrics.put("domainBitsPerByteAfter", domainAfter);
        metrics.put("domainRegression", decision.domainRegression());
        TrainingPipeline.generalMetrics(metrics, generalBase, generalAfter, decision.generalRegression(), generalParent);
        if (!perDocument.isEmpty()) {
            ReferenceStats.of(perDocument).putInto(metrics);
        }
        metrics.put("beta", pref.beta());
        TrainingPipeline.training(metrics, result, config);
        // a step reads two sequences per pair plus the replay rows, not batchSize sequences
        long rowsPerStep = 2L * Math.min(config.batchSize(), train.size()) + dpo.replayRows();
        metrics.put("trainTokens", (double) result.stepsCompleted() * rowsPerStep * seqLen);
        metrics.put("trainableParameters", (double) model.params().length);
        metrics.put("jobWallSeconds", (System.nanoTime() - started) / 1e9);

        if (!decision.accepted()) {
            return new JobResult(new JobOutcome(Verdict.REJECTED, decision.reason(), metrics, window), null);
        }
        listener.phase("estimating-fisher");
        float[] fisher = FisherEstimator.estimate(model, tokenizer, replay, seqLen, Trainer.DEFAULT_FISHER_SEQUENCES,
                config.seed());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("domain", job.domain());
        meta.put("parent", job.parentVersion());
        meta.put("base", job.baseVersion());
        meta.put("jobId", job.jobId());
        meta.put("kind", JobKind.PREFERENCE.wire());
        meta.put("pairAccuracy", TrainingPipeline.format(pairsAfter.accuracy()));
        if (!domainHeldout.isEmpty()) {
            meta.put("domainBitsPerByte", TrainingPipeline.format(domainAfter));
        }
        meta.put("generalBitsPerByte", TrainingPipeline.format(generalAfter.bitsPerByte()));
        meta.put(BaseModelPretrainer.GENERAL_SCORE_KEY, generalAfter.encode());
        meta.put(BaseModelPretrainer.GENERAL_DOCUMENTS_KEY, Integer.toString(general.size()));
        byte[] candidate = Checkpoint.of(model, tokenizer, null, fisher, meta).toBytes();
        return new JobResult(new JobOutcome(Verdict.ACCEPTED, decision.reason(), metrics, window), candidate);
    }
}
