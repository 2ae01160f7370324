package io.specialist.trainer.pipeline;

import io.specialist.model.LoraAdapter;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.InstructionExample;
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
import org.jboss.logging.Logger;

/**
 * A supervised fine-tuning ({@code sft}) job, in the service and in a Kubernetes Job alike:
 * <ol>
 * <li>read the domain's instruction examples from ingest ({@code kind=instruction}; train split to learn from,
 *     held-out split to judge on) and its held-out documents ({@code kind=document}, for drift's reference
 *     distribution); the kind of every line is checked too, for an ingest that ignores the filter;</li>
 * <li>score the parent: held-out response bits/byte given the prompt (prompt bytes not counted), and general
 *     bits/byte of parent and base;</li>
 * <li>train the parent (or an adapter on a frozen model, see {@link JobModels#adapterBase}, per the job's method)
 *     on packed (prompt, response)
 *     examples with the loss on response tokens only, mixed with replayed general text, under the job's
 *     regulariser; with {@code training.retrieval-fraction} that share of the instruction rows has the
 *     passages retrieved for each prompt from the domain's plain training documents (fetched then) ahead of
 *     it, as a completion with {@code retrieval} has;</li>
 * <li>the two-sided gate: the held-out response bits/byte given the prompt must improve by
 *     {@code gate.min-domain-gain} over the parent AND general bits/byte stay within
 *     {@code gate.max-general-regression} of the base.</li>
 * </ol>
 */
final class SftPipeline {

    private static final Logger LOG = Logger.getLogger(SftPipeline.class);

    static final String GATE_MEASURE = "held-out response bits/byte given the prompt";

    private final IngestClient ingest;
    private final ModelSource models;
    private final ProgressSink progress;
    private final Duration progressInterval;

    SftPipeline(IngestClient ingest, ModelSource models, ProgressSink progress, Duration progressInterval) {
        this.ingest = ingest;
        this.models = models;
        this.progress = progress;
        this.progressInterval = progressInterval;
    }

    JobResult run(JobSpec job, BooleanSupplier cancelled) {
        long started = System.nanoTime();
        JobSettings settings = job.settings();
        ThrottledProgress listener = new ThrottledProgress(progress, progressInterval, "sft");

        listener.phase("fetching-data");
        DataSettings data = settings.data();
        DocumentWindow train = new DocumentWindow(data.maxTrainBytes());
        ingest.stream(job.domain(), "train", IngestDocument.INSTRUCTION, data.pageSize(), cancelled, d -> {
            if (d.instruction()) {
                train.add(d);
            }
        });
        DocumentWindow heldout = new DocumentWindow(data.maxHeldoutBytes());
        ingest.stream(job.domain(), "heldout", IngestDocument.INSTRUCTION, data.pageSize(), cancelled, d -> {
            if (d.instruction()) {
                heldout.add(d);
            }
        });
        DocumentWindow heldoutDocuments = new DocumentWindow(data.maxHeldoutBytes());
        ingest.stream(job.domain(), "heldout", IngestDocument.DOCUMENT, data.pageSize(), cancelled, d -> {
            if (!IngestDocument.INSTRUCTION.equals(d.kind())) {
                heldoutDocuments.add(d);
            }
        });
        // retrieval rows search the domain's plain training documents with the prompt, as serving searches
        // ingested documents for a completion with retrieval
        DocumentWindow passageDocuments = new DocumentWindow(data.maxTrainBytes());
        boolean retrieval = settings.training().retrievalFraction() > 0;
        if (retrieval) {
            ingest.stream(job.domain(), "train", IngestDocument.DOCUMENT, data.pageSize(), cancelled, d -> {
                if (!IngestDocument.INSTRUCTION.equals(d.kind())) {
                    passageDocuments.add(d);
                }
            });
        }
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("kind", IngestDocument.INSTRUCTION);
        window.putAll(train.describe("train"));
        window.putAll(heldout.describe("heldout"));
        window.put("referenceDocs", heldoutDocuments.size());
        if (retrieval) {
            window.put("retrievalDocs", passageDocuments.size());
            if (passageDocuments.size() == 0) {
                LOG.infof("sft job on domain '%s': retrieval-fraction is %s but the domain has no plain training "
                        + "documents to retrieve from; every instruction row is a plain one", job.domain(),
                        settings.training().retrievalFraction());
            }
        }
        if (train.size() == 0) {
            return TrainingPipeline.failed("domain '" + job.domain() + "' has no training instruction examples at "
                    + "ingest yet (documents of kind instruction in the train split)", window);
        }
        GateSettings gate = settings.gate();
        if (heldout.size() < gate.minHeldoutDocs()) {
            return TrainingPipeline.failed("domain '" + job.domain() + "' has " + heldout.size() + " held-out "
                    + "instruction examples at ingest; the gate needs at least " + gate.minHeldoutDocs()
                    + " to judge a candidate", window);
        }
        List<InstructionExample> examples = examples(train);
        List<String> prompts = heldout.documents().stream().map(IngestDocument::prompt).toList();
        List<String> responses = heldout.documents().stream().map(IngestDocument::response).toList();
        List<String> documents = heldoutDocuments.texts();

        listener.phase("loading-model");
        JobModels loaded = JobModels.load(job, models);
        Checkpoint base = loaded.base();
        ParentModel parent = loaded.parent();
        BpeTokenizer tokenizer = parent.tokenizer();
        List<String> general = TrainingPipeline.generalHeldOut(gate.generalEvalDocs());

        listener.phase("evaluating-parent");
        TransformerModel model = parent.model();
        Evaluator.Score responseBefore = Evaluator.evaluateGiven(model, tokenizer, prompts, responses);
        Evaluator.Score documentsBefore = documents.isEmpty() ? null : Evaluator.evaluate(model, tokenizer, documents);
        Evaluator.Score generalBase = TrainingPipeline.generalScore(base, loaded.baseBytes(), general);
        final TransformerModel parentModel = model;
        Evaluator.Score generalParent = loaded.parentIsBase() ? generalBase
                : TrainingPipeline.cachedGeneralScore(loaded.parentBytes(), general,
                        () -> Evaluator.evaluate(parentModel, tokenizer, general));
        TrainingPipeline.checkCancelled(cancelled);

        TrainingConfig config = TrainingPipeline.trainingConfig(settings.training(), model.config().contextLength());
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
            result = Trainer.trainAdapterInstructions(frozenBase, adapter, tokenizer, examples, replay, config,
                    listener, cancelled, config.regularizer() == Regularizer.EWC ? frozen.checkpoint().fisher() : null,
                    passageDocuments.texts());
            model = adapter.mergeInto(frozenBase);
        } else {
            result = Trainer.trainInstructions(model, tokenizer, examples, replay, config, listener, cancelled,
                    config.regularizer() == Regularizer.EWC ? parent.fisher() : null, passageDocuments.texts());
        }
        if (result.cancelled()) {
            throw new JobCancelledException();
        }

        listener.phase("evaluating");
        Evaluator.Score responseAfter = Evaluator.evaluateGiven(model, tokenizer, prompts, responses);
        Evaluator.Score documentsAfter = new Evaluator.Score(0, 0, 0, 0);
        List<Double> perDocument = new ArrayList<>();
        for (Evaluator.Score score : Evaluator.evaluateEach(model, tokenizer, documents)) {
            documentsAfter = documentsAfter.plus(score);
            perDocument.add(score.bitsPerByte());
        }
        Evaluator.Score generalAfter = Evaluator.evaluate(model, tokenizer, general);
        Gate.GateDecision decision = Gate.decide(GATE_MEASURE, responseBefore.bitsPerByte(),
                responseAfter.bitsPerByte(), generalBase.bitsPerByte(), generalAfter.bitsPerByte(), gate);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("responseBitsPerByteBefore", responseBefore.bitsPerByte());
        metrics.put("responseBitsPerByteAfter", responseAfter.bitsPerByte());
        metrics.put("responseGain", decision.domainGain());
        metrics.put("responseAccuracyBefore", responseBefore.accuracy());
        metrics.put("responseAccuracyAfter", responseAfter.accuracy());
        metrics.put("trainExamples", (double) train.size());
        metrics.put("heldoutExamples", (double) heldout.size());
        if (documentsBefore != null) {
            // not judged by the gate: how instruction tuning moved the domain's plain text
            metrics.put("domainBitsPerByteBefore", documentsBefore.bitsPerByte());
            metrics.put("domainBitsPerByteAfter", documentsAfter.bitsPerByte());
        }
        TrainingPipeline.generalMetrics(metrics, generalBase, generalAfter, decision.generalRegression(), generalParent);
        ReferenceStats.of(perDocument).putInto(metrics);
        TrainingPipeline.training(metrics, result, config);
        metrics.put("trainableParameters", (double) (adapter != null ? adapter.params().length : model.params().length));
        metrics.put("jobWallSeconds", (System.nanoTime() - started) / 1e9);

        if (!decision.accepted()) {
            return new JobResult(new JobOutcome(Verdict.REJECTED, decision.reason(), metrics, window), null);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("kind", JobKind.SFT.wire());
        extra.put("responseBitsPerByte", TrainingPipeline.format(responseAfter.bitsPerByte()));
        byte[] candidate = CandidateCheckpoint.of(job, model, tokenizer, adapter, frozenBase, frozenVersion, config, replay,
                documentsBefore == null ? responseAfter : documentsAfter, generalAfter, general.size(), extra, listener);
        return new JobResult(new JobOutcome(Verdict.ACCEPTED, decision.reason(), metrics, window), candidate);
    }

    private static List<InstructionExample> examples(DocumentWindow window) {
        List<InstructionExample> out = new ArrayList<>(window.size());
        for (IngestDocument d : window.documents()) {
            out.add(new InstructionExample(d.prompt(), d.response()));
        }
        return out;
    }
}
