package io.specialist.trainer.pipeline;

import io.specialist.model.LoraAdapter;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.checkpoint.CheckpointException;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.BaseModelPretrainer;
import io.specialist.model.train.Regularizer;
import io.specialist.model.train.Trainer;
import io.specialist.model.train.RetrievalTraining;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingResult;
import io.specialist.trainer.registry.Sha256;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One training job from data to verdict, the same in the service and in a Kubernetes Job:
 * <ol>
 * <li>fine-tune: read the domain's train and held-out documents from ingest; load the parent checkpoint
 *     (the domain's latest model, else the base) and the base checkpoint;</li>
 * <li>score the parent on the domain held-out set and the base on general held-out text;</li>
 * <li>{@code method: full}: continue training the parent with a fresh warm-up and cosine decay, replaying
 *     general text, under the job's regulariser (L2-SP toward the parent, EWC with the parent's Fisher, or none);
 *     {@code method: adapter}: train low-rank adapters on a frozen full model ({@link JobModels#adapterBase}: the
 *     base, or the domain's full fine-tune), continuing the parent's adapter when it has one there, with the
 *     adapter's own replay share and regulariser strength; the candidate is that model + adapter merged;</li>
 * <li>score the candidate on both, apply the two-sided {@link Gate}; an accepted candidate gets a fresh
 *     EWC Fisher (full) and the reference bits/byte distribution drift needs. An adapter candidate is stored as
 *     the adapter alone, tied to the weights of the model it was trained on.</li>
 * </ol>
 * Pretraining builds the base model from the bundled general corpus instead.
 */
public final class TrainingPipeline {

    /**
     * General held-out scores of registered models, by checkpoint SHA-256 and document count: a model's
     * score never changes, and the base model is scored by every job.
     */
    private static final Map<String, Evaluator.Score> GENERAL_SCORES = new java.util.concurrent.ConcurrentHashMap<>();

    private final IngestClient ingest;
    private final ModelSource models;
    private final ProgressSink progress;
    private final Duration progressInterval;
    private final PairSource pairs;

    public TrainingPipeline(IngestClient ingest, ModelSource models, ProgressSink progress, Duration progressInterval) {
        this(ingest, models, progress, progressInterval, PairSource.NONE);
    }

    /** With a source of preference pairs, for {@code preference} jobs. */
    public TrainingPipeline(IngestClient ingest, ModelSource models, ProgressSink progress, Duration progressInterval,
            PairSource pairs) {
        this.ingest = ingest;
        this.models = models;
        this.progress = progress;
        this.progressInterval = progressInterval;
        this.pairs = pairs;
    }

    public JobResult run(JobSpec job, BooleanSupplier cancelled) {
        return switch (job.kind()) {
            case PRETRAIN -> pretrain(job, cancelled);
            case SFT -> new SftPipeline(ingest, models, progress, progressInterval).run(job, cancelled);
            case PREFERENCE -> new PreferencePipeline(ingest, models, pairs, progress, progressInterval).run(job, cancelled);
            case FINE_TUNE -> fineTune(job, cancelled);
        };
    }

    private JobResult fineTune(JobSpec job, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        JobSettings settings = job.settings();
        ThrottledProgress listener = new ThrottledProgress(progress, progressInterval, "training");

        listener.phase("fetching-data");
        DataSettings data = settings.data();
        DocumentWindow train = ingest.fetch(job.domain(), "train", data.pageSize(), data.maxTrainBytes(), cancelled);
        DocumentWindow heldout = ingest.fetch(job.domain(), "heldout", data.pageSize(), data.maxHeldoutBytes(), cancelled);
        Map<String, Object> window = new LinkedHashMap<>();
        window.putAll(train.describe("train"));
        window.putAll(heldout.describe("heldout"));
        if (train.size() == 0) {
            return failed("domain '" + job.domain() + "' has no training documents at ingest yet", window);
        }
        GateSettings gate = settings.gate();
        if (heldout.size() < gate.minHeldoutDocs()) {
            return failed("domain '" + job.domain() + "' has " + heldout.size() + " held-out documents at ingest; "
                    + "the gate needs at least " + gate.minHeldoutDocs() + " to judge a candidate", window);
        }

        listener.phase("loading-model");
        JobModels loaded = JobModels.load(job, models);
        byte[] parentBytes = loaded.parentBytes();
        byte[] baseBytes = loaded.baseBytes();
        Checkpoint base = loaded.base();
        ParentModel parent = loaded.parent();
        BpeTokenizer tokenizer = parent.tokenizer();
        List<String> general = generalHeldOut(gate.generalEvalDocs());
        List<String> domainHeldout = heldout.texts();

        listener.phase("evaluating-parent");
        TransformerModel model = parent.model();
        Evaluator.Score domainBefore = Evaluator.evaluate(model, tokenizer, domainHeldout);
        Evaluator.Score generalBase = generalScore(base, baseBytes, general);
        final TransformerModel parentModel = model;
        Evaluator.Score generalParent = baseBytes == parentBytes ? generalBase
                : cachedGeneralScore(parentBytes, general, () -> Evaluator.evaluate(parentModel, tokenizer, general));
        checkCancelled(cancelled);

        TrainingConfig config = trainingConfig(settings.training(), model.config().contextLength());
        List<String> replay = GeneralCorpus.train();
        TrainingResult result;
        LoraAdapter adapter = null;
        TransformerModel frozenBase = null;
        String frozenVersion = null;
        if (settings.adapterMethod()) {
            JobModels.FrozenModel frozen = loaded.adapterBase(job, models);
            frozenBase = frozen.checkpoint().model();
            frozenVersion = frozen.version();
            AdapterSettings a = settings.adapter();
            adapter = parent.adapterToTrain(frozenBase, frozenVersion, a.toLoraConfig(), config.seed());
            config = a.applyTo(config);
            // The job's regulariser pulls the merged weights toward the frozen model (for L2-SP an L2 penalty on
            // s*B*A), so the EWC Fisher is the frozen model's.
            result = Trainer.trainAdapter(frozenBase, adapter, tokenizer, train.texts(), replay, config, listener,
                    cancelled, config.regularizer() == Regularizer.EWC ? frozen.checkpoint().fisher() : null);
            model = adapter.mergeInto(frozenBase);
        } else {
            result = Trainer.train(model, tokenizer, train.texts(), replay, config, listener, cancelled,
                    config.regularizer() == Regularizer.EWC ? parent.fisher() : null, null);
        }
        if (result.cancelled()) {
            throw new JobCancelledException();
        }

        listener.phase("evaluating");
        List<Double> perDocument = new ArrayList<>();
        Evaluator.Score domainAfter = new Evaluator.Score(0, 0, 0, 0);
        // One batched pass gives both the gate's total and drift's per-document reference.
        for (Evaluator.Score score : Evaluator.evaluateEach(model, tokenizer, domainHeldout)) {
            domainAfter = domainAfter.plus(score);
            perDocument.add(score.bitsPerByte());
        }
        Evaluator.Score generalAfter = Evaluator.evaluate(model, tokenizer, general);
        Gate.GateDecision decision = Gate.decide(domainBefore.bitsPerByte(), domainAfter.bitsPerByte(),
                generalBase.bitsPerByte(), generalAfter.bitsPerByte(), gate);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("domainBitsPerByteBefore", domainBefore.bitsPerByte());
        metrics.put("domainBitsPerByteAfter", domainAfter.bitsPerByte());
        metrics.put("domainGain", decision.domainGain());
        metrics.put("domainAccuracyBefore", domainBefore.accuracy());
        metrics.put("domainAccuracyAfter", domainAfter.accuracy());
        generalMetrics(metrics, generalBase, generalAfter, decision.generalRegression(), generalParent);
        ReferenceStats.of(perDocument).putInto(metrics);
        training(metrics, result, config);
        metrics.put("trainableParameters", (double) (adapter != null ? adapter.params().length : model.params().length));
        metrics.put("jobWallSeconds", (System.nanoTime() - started) / 1e9);

        if (!decision.accepted()) {
            return new JobResult(new JobOutcome(Verdict.REJECTED, decision.reason(), metrics, window), null);
        }
        byte[] candidate = CandidateCheckpoint.of(job, model, tokenizer, adapter, frozenBase, frozenVersion, config, replay, domainAfter,
                generalAfter, general.size(), Map.of(), listener);
        return new JobResult(new JobOutcome(Verdict.ACCEPTED, decision.reason(), metrics, window), candidate);
    }

    private JobResult pretrain(JobSpec job, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        JobSettings settings = job.settings();
        ModelShape shape = settings.shape();
        TrainingConfig config = trainingConfig(settings.training(), shape.contextLength());
        ThrottledProgress listener = new ThrottledProgress(progress, progressInterval, "pretraining");
        BaseModelPretrainer.Settings pretrain = new BaseModelPretrainer.Settings(shape.vocabSize(),
                shape.contextLength(), shape.dModel(), shape.layers(), shape.heads(), config, shape.fisherSequences(),
                settings.gate().generalEvalDocs(), settings.training().seed());
        BaseModelPretrainer.Result result = BaseModelPretrainer.pretrain(pretrain, listener, cancelled);
        if (result.training().cancelled()) {
            throw new JobCancelledException();
        }
        Checkpoint checkpoint = result.checkpoint();
        List<Double> perDocument = new ArrayList<>();
        for (Evaluator.Score score : result.heldOutEach()) {
            perDocument.add(score.bitsPerByte());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("generalBitsPerByteAfter", result.heldOut().bitsPerByte());
        metrics.put("generalAccuracyAfter", result.heldOut().accuracy());
        metrics.put("domainBitsPerByteAfter", result.heldOut().bitsPerByte());
        ReferenceStats.of(perDocument).putInto(metrics);
        metrics.put("tokenizerSeconds", result.tokenizerSeconds());
        training(metrics, result.training(), config);
        metrics.put("jobWallSeconds", (System.nanoTime() - started) / 1e9);
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("corpus", "brown (bundled general corpus)");
        window.put("trainDocs", GeneralCorpus.train().size());
        window.put("heldoutDocs", perDocument.size());
        String reason = String.format(Locale.ROOT, "pretrained base model: general held-out %.4f bits/byte, "
                + "top-1 accuracy %.3f", result.heldOut().bitsPerByte(), result.heldOut().accuracy());
        return new JobResult(new JobOutcome(Verdict.ACCEPTED, reason, metrics, window), checkpoint.toBytes());
    }

    /** The job's settings as model-core's config; the sequence length is capped at the model's context. */
    public static TrainingConfig trainingConfig(TrainingSettings t, int contextLength) {
        return new TrainingConfig(t.steps(), t.batchSize(), Math.min(t.seqLen(), contextLength), (float) t.learningRate(),
                (float) t.minLrFraction(), Math.min(t.warmupSteps(), t.steps()), (float) t.weightDecay(),
                (float) t.gradClip(), (float) t.replayFraction(), regularizer(t.regularizer()),
                (float) t.regularizerStrength(), t.seed(), retrieval(t));
    }

    /** Retrieval rows of a job; none for jobs stored before they existed (their fields read as 0). */
    static RetrievalTraining retrieval(TrainingSettings t) {
        if (t.retrievalFraction() <= 0) {
            return RetrievalTraining.NONE;
        }
        return new RetrievalTraining((float) t.retrievalFraction(), (float) t.retrievalOwnProbability(), t.retrievalK(),
                t.retrievalPassageChars());
    }

    public static Regularizer regularizer(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "l2sp" -> Regularizer.L2SP;
            case "ewc" -> Regularizer.EWC;
            case "none" -> Regularizer.NONE;
            default -> throw new IllegalArgumentException("regularizer '" + name + "' is not l2sp, ewc or none");
        };
    }

    /**
     * A registered model's score on the general held-out documents: from this process's cache, else from its
     * checkpoint's metadata (written when it was trained, on the same first N documents), else computed. A
     * model's score never changes, and every job needs its base's.
     */
    static Evaluator.Score generalScore(Checkpoint checkpoint, byte[] bytes, List<String> general) {
        return cachedGeneralScore(bytes, general, () -> {
            Map<String, String> meta = checkpoint.metadata();
            if (Integer.toString(general.size()).equals(meta.get(BaseModelPretrainer.GENERAL_DOCUMENTS_KEY))) {
                var recorded = Evaluator.Score.decode(meta.get(BaseModelPretrainer.GENERAL_SCORE_KEY));
                if (recorded.isPresent()) {
                    return recorded.get();
                }
            }
            return Evaluator.evaluate(checkpoint.model(), checkpoint.tokenizer(), general);
        });
    }

    /** A model's general score, keyed by its checkpoint bytes and the number of general documents. */
    static Evaluator.Score cachedGeneralScore(byte[] bytes, List<String> general,
                                                      java.util.function.Supplier<Evaluator.Score> compute) {
        return GENERAL_SCORES.computeIfAbsent(Sha256.hex(bytes) + "/" + general.size(), k -> compute.get());
    }

    static Checkpoint load(byte[] bytes, String version) {
        try {
            return Checkpoint.fromBytes(bytes);
        } catch (CheckpointException e) {
            throw new DataUnavailableException("the checkpoint of " + version + " is unusable: " + e.getMessage(), e);
        }
    }

    static List<String> generalHeldOut(int docs) {
        List<String> all = GeneralCorpus.heldOut();
        return docs > 0 && docs < all.size() ? all.subList(0, docs) : all;
    }

    /** The gate's general-text figures, the same in every fine-tuning job's metrics. */
    static void generalMetrics(Map<String, Double> metrics, Evaluator.Score before, Evaluator.Score after, double regression,
            Evaluator.Score parent) {
        metrics.put("generalBitsPerByteBefore", before.bitsPerByte());
        metrics.put("generalBitsPerByteAfter", after.bitsPerByte());
        metrics.put("generalRegression", regression);
        metrics.put("parentGeneralBitsPerByte", parent.bitsPerByte());
        metrics.put("generalAccuracyAfter", after.accuracy());
    }

    static void training(Map<String, Double> metrics, TrainingResult result, TrainingConfig config) {
        metrics.put("steps", (double) result.stepsCompleted());
        metrics.put("trainTokens", (double) result.stepsCompleted() * config.batchSize() * config.seqLen());
        metrics.put("tokensPerSecond", result.tokensPerSecond());
        metrics.put("trainWallSeconds", result.wallSeconds());
        metrics.put("finalLoss", result.finalLoss());
    }

    static JobResult failed(String reason, Map<String, Object> window) {
        return new JobResult(new JobOutcome(Verdict.FAILED, reason, Map.of(), window), null);
    }

    static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new JobCancelledException();
        }
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
