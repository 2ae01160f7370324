package io.specialist.trainer.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.FisherEstimator;
import io.specialist.model.train.Trainer;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingListener;
import io.specialist.model.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tiny real base model checkpoint (tokenizer learned on a few general documents, a short pretraining)
 * written to a temporary file and handed to the trainer as {@code specialist.trainer.base-model-path}, so
 * a test application imports its {@code general@1} instead of pretraining it.
 */
public class TinyBaseResource implements QuarkusTestResourceLifecycleManager {

    private Path file;

    /** Builds the checkpoint (a few seconds on two cores). */
    public static Checkpoint build() {
        List<String> general = GeneralCorpus.train();
        BpeTokenizer tokenizer = BpeTokenizer.train(general.subList(0, 20), 300);
        ModelConfig config = new ModelConfig(tokenizer.vocabSize(), 64, 32, 1, 2);
        TransformerModel model = TransformerModel.initialize(config, 7);
        TrainingConfig training = TrainingConfig.pretraining(40, 8, 64);
        TrainingResult result = Trainer.train(model, tokenizer, general, List.of(), training, TrainingListener.NONE,
                () -> false);
        float[] fisher = FisherEstimator.estimate(model, tokenizer, general, 64, 4, 7);
        return Checkpoint.of(model, tokenizer, result.optimizerState(), fisher, Map.of("domain", "general",
                "note", "tiny test base model"));
    }

    @Override
    public Map<String, String> start() {
        try {
            file = Files.createTempFile("specialist-tiny-base-", ".ckpt");
            build().write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("specialist.trainer.base-model-path", file.toString());
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
