package io.specialist.model.train;

import io.specialist.model.Activations;
import io.specialist.model.LoraAdapter;
import io.specialist.model.TransformerModel;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Trains a model in place: packed batches (with replay), forward, backward, the forgetting penalty's
 * gradient, global-norm clipping, AdamW under a warm-up + cosine schedule. Deterministic for a given
 * model, data, config and seed.
 */
public final class Trainer {

    /** Sequences the Fisher is estimated from when EWC is asked for and no Fisher is given. */
    public static final int DEFAULT_FISHER_SEQUENCES = 32;

    private Trainer() {
    }

    /**
     * Trains {@code model} on {@code domainDocs} mixed with {@code replayDocs} (general text). For EWC
     * the Fisher is estimated on {@code replayDocs} at the starting weights.
     */
    public static TrainingResult train(TransformerModel model, BpeTokenizer tok, List<String> domainDocs,
                                       List<String> replayDocs, TrainingConfig cfg, TrainingListener listener,
                                       BooleanSupplier cancelled) {
        return train(model, tok, domainDocs, replayDocs, cfg, listener, cancelled, null, null);
    }

    /**
     * As above, with the parent's EWC Fisher (null: estimate it on {@code replayDocs} if EWC is
     * selected) and an optimizer state to resume from (null: fresh AdamW).
     */
    public static TrainingResult train(TransformerModel model, BpeTokenizer tok, List<String> domainDocs,
                                       List<String> replayDocs, TrainingConfig cfg, TrainingListener listener,
                                       BooleanSupplier cancelled, float[] ewcFisher, AdamW.State resume) {
        return trainModel(model, tok, replayDocs, cfg, listener, cancelled, ewcFisher, resume,
                () -> documentBatches(tok, domainDocs, replayDocs, cfg));
    }

    /**
     * Supervised fine-tuning of {@code model} in place: packed (prompt, response) examples with the loss on
     * response tokens only (see {@link InstructionDataLoader}), mixed with {@code cfg.replayFraction()} rows of
     * {@code replayDocs} trained on every token, under {@code cfg.regularizer()} ({@code ewcFisher} as in
     * {@link #train}).
     */
    public static TrainingResult trainInstructions(TransformerModel model, BpeTokenizer tok,
                                                   List<InstructionExample> examples, List<String> replayDocs,
                                                   TrainingConfig cfg, TrainingListener listener,
                                                   BooleanSupplier cancelled, float[] ewcFisher) {
        return trainInstructions(model, tok, examples, replayDocs, cfg, listener, cancelled, ewcFisher, List.of());
    }

    /**
     * As above, with {@code cfg.retrieval()}'s share of instruction rows carrying the passages retrieved for
     * their prompt from {@code passageDocs} (the domain's documents; none: no retrieval rows), see
     * {@link InstructionDataLoader}.
     */
    public static TrainingResult trainInstructions(TransformerModel model, BpeTokenizer tok,
                                                   List<InstructionExample> examples, List<String> replayDocs,
                                                   TrainingConfig cfg, TrainingListener listener,
                                                   BooleanSupplier cancelled, float[] ewcFisher,
                                                   List<String> passageDocs) {
        return trainModel(model, tok, replayDocs, cfg, listener, cancelled, ewcFisher, null,
                () -> instructionBatches(tok, examples, replayDocs, cfg, passageDocs));
    }

    /** Supervised fine-tuning of {@code adapter} on the frozen {@code base}, as {@link #trainAdapter} does for text. */
    public static TrainingResult trainAdapterInstructions(TransformerModel base, LoraAdapter adapter, BpeTokenizer tok,
                                                          List<InstructionExample> examples, List<String> replayDocs,
                                                          TrainingConfig cfg, TrainingListener listener,
                                                          BooleanSupplier cancelled, float[] ewcFisher) {
        return trainAdapterInstructions(base, adapter, tok, examples, replayDocs, cfg, listener, cancelled, ewcFisher,
                List.of());
    }

    /** As above, with retrieval rows over {@code passageDocs} as in {@link #trainInstructions}. */
    public static TrainingResult trainAdapterInstructions(TransformerModel base, LoraAdapter adapter, BpeTokenizer tok,
                                                          List<InstructionExample> examples, List<String> replayDocs,
                                                          TrainingConfig cfg, TrainingListener listener,
                                                          BooleanSupplier cancelled, float[] ewcFisher,
                                                          List<String> passageDocs) {
        return trainAdapterOn(base, adapter, tok, replayDocs, cfg, listener, cancelled, ewcFisher,
                () -> instructionBatches(tok, examples, replayDocs, cfg, passageDocs));
    }

    private static BatchSource documentBatches(BpeTokenizer tok, List<String> domainDocs, List<String> replayDocs,
                                               TrainingConfig cfg) {
        DataLoader loader = new DataLoader(tok, domainDocs, replayDocs, cfg.batchSize(), cfg.seqLen(),
                cfg.replayFraction(), cfg.seed());
        if (cfg.retrieval().enabled()) {
            // neighbours come from the documents being learned (the domain's, or general text when pretraining)
            List<String> source = domainDocs.isEmpty() ? replayDocs : domainDocs;
            return new RetrievalBatches(loader, new NeighbourExampleBuilder(tok, source, cfg.retrieval(), cfg.seqLen(),
                    new SplittableRandom(cfg.seed() ^ 0x5EED_0F_2E7L)), cfg.batchSize(), cfg.seqLen(),
                    cfg.retrieval().fraction());
        }
        return (inputs, targets) -> {
            loader.next(inputs, targets);
            return null;
        };
    }

    private static BatchSource instructionBatches(BpeTokenizer tok, List<InstructionExample> examples,
                                                  List<String> replayDocs, TrainingConfig cfg,
                                                  List<String> passageDocs) {
        return new InstructionDataLoader(tok, examples, replayDocs, cfg.batchSize(), cfg.seqLen(),
                cfg.replayFraction(), cfg.seed(), cfg.retrieval(), passageDocs);
    }

    /**
     * Trains only {@code adapter} (in place) on top of the frozen {@code base}: the same data mixing,
     * schedule, clipping and AdamW as a full fine-tune, but gradients and optimizer moments exist only
     * for the adapter's parameters and the base weights are never written. {@code cfg.regularizer()} is the
     * full model's penalty anchored at the base, evaluated at the merged weights ({@link AdapterPenalty}): for
     * L2-SP an L2 penalty on the adapter's delta s·B·A. A frozen base alone does not stop forgetting, since
     * the delta acts on general text too (bench/adapters).
     */
    public static TrainingResult trainAdapter(TransformerModel base, LoraAdapter adapter, BpeTokenizer tok,
                                              List<String> domainDocs, List<String> replayDocs, TrainingConfig cfg,
                                              TrainingListener listener, BooleanSupplier cancelled) {
        return trainAdapter(base, adapter, tok, domainDocs, replayDocs, cfg, listener, cancelled, null);
    }

    /** As above, with the base's EWC Fisher (null: estimated on {@code replayDocs} if EWC is selected). */
    public static TrainingResult trainAdapter(TransformerModel base, LoraAdapter adapter, BpeTokenizer tok,
                                              List<String> domainDocs, List<String> replayDocs, TrainingConfig cfg,
                                              TrainingListener listener, BooleanSupplier cancelled, float[] ewcFisher) {
        return trainAdapterOn(base, adapter, tok, replayDocs, cfg, listener, cancelled, ewcFisher,
                () -> documentBatches(tok, domainDocs, replayDocs, cfg));
    }

    /** Full-model training on the batches {@code data} makes (after the penalty, so EWC's Fisher comes first). */
    private static TrainingResult trainModel(TransformerModel model, BpeTokenizer tok, List<String> replayDocs,
                                             TrainingConfig cfg, TrainingListener listener, BooleanSupplier cancelled,
                                             float[] ewcFisher, AdamW.State resume, Supplier<BatchSource> data) {
        checkShapes(model, tok, cfg);
        long started = System.nanoTime();
        RegularizationPenalty penalty = penalty(model, tok, replayDocs, cfg, ewcFisher);
        AdamW optimizer = resume == null ? new AdamW(model.layout()) : new AdamW(model.layout(), resume);
        Activations acts = new Activations(model.config(), cfg.batchSize(), cfg.seqLen());
        float[] params = model.params();
        Objective objective = (inputs, targets, mask, grads) -> {
            float loss = model.forward(acts, inputs, targets, null, mask);
            model.backward(acts, grads);
            penalty.addGradient(params, grads);
            return loss;
        };
        return loop(params, optimizer, objective, data.get(), cfg, listener, cancelled, started);
    }

    /** Adapter training on the frozen base, on the batches {@code data} makes. */
    private static TrainingResult trainAdapterOn(TransformerModel base, LoraAdapter adapter, BpeTokenizer tok,
                                                 List<String> replayDocs, TrainingConfig cfg, TrainingListener listener,
                                                 BooleanSupplier cancelled, float[] ewcFisher,
                                                 Supplier<BatchSource> data) {
        checkShapes(base, tok, cfg);
        long started = System.nanoTime();
        // Strength 0 (the trainer's default for adapters) skips the penalty entirely: no EWC Fisher estimate, no merges.
        AdapterPenalty penalty = new AdapterPenalty(cfg.regularizerStrength() > 0
                ? penalty(base, tok, replayDocs, cfg, ewcFisher) : RegularizationPenalty.none(), base.params());
        AdamW optimizer = new AdamW(adapter.params().length, true);
        Activations acts = new Activations(base.config(), cfg.batchSize(), cfg.seqLen());
        Objective objective = (inputs, targets, mask, grads) -> {
            float loss = base.forward(acts, inputs, targets, adapter, mask);
            base.backward(acts, null, adapter, grads);
            penalty.addGradient(adapter, grads);
            return loss;
        };
        return loop(adapter.params(), optimizer, objective, data.get(), cfg, listener, cancelled, started);
    }

    /** One step's loss (nats) and gradient of whatever is being trained; {@code mask} null trains every target. */
    private interface Objective {
        float lossAndGradient(int[] inputs, int[] targets, float[] mask, float[] grads);
    }

    private static TrainingResult loop(float[] params, AdamW optimizer, Objective objective, BatchSource batches,
                                       TrainingConfig cfg, TrainingListener listener, BooleanSupplier cancelled,
                                       long started) {
        LearningRateSchedule schedule = LearningRateSchedule.of(cfg);
        int bt = cfg.batchSize() * cfg.seqLen();
        int[] inputs = new int[bt];
        int[] targets = new int[bt];
        float[] grads = new float[params.length];
        RecentLosses recent = new RecentLosses(cfg.steps());

        long loopStart = System.nanoTime();
        int step = 0;
        boolean stopped = false;
        for (; step < cfg.steps(); step++) {
            if (cancelled.getAsBoolean()) {
                stopped = true;
                break;
            }
            float[] mask = batches.next(inputs, targets);
            Arrays.fill(grads, 0f);
            float loss = objective.lossAndGradient(inputs, targets, mask, grads);
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("training diverged: loss " + loss + " at step " + (step + 1)
                        + "; lower the learning rate (" + cfg.learningRate() + ")");
            }
            GradientClipping.clip(grads, cfg.gradClip());
            float lr = schedule.at(step);
            optimizer.update(params, grads, lr, cfg.weightDecay());
            recent.add(loss);

            double elapsed = (System.nanoTime() - loopStart) / 1e9;
            double tokensPerSecond = (double) (step + 1) * bt / elapsed;
            double eta = elapsed / (step + 1) * (cfg.steps() - step - 1);
            listener.onStep(step + 1, cfg.steps(), loss, lr, tokensPerSecond, eta);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double loopSeconds = (System.nanoTime() - loopStart) / 1e9;
        double finalLoss = recent.mean();
        double tps = step == 0 ? 0 : (double) step * bt / loopSeconds;
        return new TrainingResult(step, cfg.steps(), finalLoss, tps, wall, stopped, optimizer.state());
    }

    private static void checkShapes(TransformerModel model, BpeTokenizer tok, TrainingConfig cfg) {
        if (tok.vocabSize() != model.config().vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tok.vocabSize() + " ids but the model expects "
                    + model.config().vocabSize());
        }
        if (cfg.seqLen() > model.config().contextLength()) {
            throw new IllegalArgumentException("seqLen " + cfg.seqLen() + " exceeds the model's context length "
                    + model.config().contextLength());
        }
    }

    /**
     * The forgetting penalty {@code cfg} asks for, anchored at the model's current weights; for EWC without a
     * given Fisher it is estimated on {@code replayDocs}.
     */
    public static RegularizationPenalty penalty(TransformerModel model, BpeTokenizer tok, List<String> replayDocs,
                                                TrainingConfig cfg, float[] ewcFisher) {
        return switch (cfg.regularizer()) {
            case NONE -> RegularizationPenalty.none();
            case L2SP -> RegularizationPenalty.l2sp(model.params(), cfg.regularizerStrength());
            case EWC -> {
                float[] fisher = ewcFisher;
                if (fisher == null) {
                    if (replayDocs.isEmpty()) {
                        throw new IllegalArgumentException("EWC needs the parent's Fisher or general (replay) "
                                + "documents to estimate it from; got neither");
                    }
                    fisher = FisherEstimator.estimate(model, tok, replayDocs, cfg.seqLen(),
                            DEFAULT_FISHER_SEQUENCES, cfg.seed());
                }
                yield RegularizationPenalty.ewc(model.params(), fisher, cfg.regularizerStrength());
            }
        };
    }
}
