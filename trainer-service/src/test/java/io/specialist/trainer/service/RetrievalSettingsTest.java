package io.specialist.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specialist.model.train.RetrievalTraining;
import io.specialist.model.train.TrainingConfig;
import io.specialist.trainer.pipeline.TrainingPipeline;
import io.specialist.trainer.pipeline.TrainingSettings;
import org.junit.jupiter.api.Test;

/** The retrieval-row settings: startup check with the key in the message, and their way into model-core's config. */
class RetrievalSettingsTest {

    @Test
    void wrongValuesNameTheirKey() {
        assertThatCode(() -> JobSettingsFactory.checkRetrieval(0.0, 0.5, 0.5, 5, 400)).doesNotThrowAnyException();
        assertThatThrownBy(() -> JobSettingsFactory.checkRetrieval(1.2, 0.5, 0.5, 5, 400))
                .hasMessageContaining("specialist.trainer.training.retrieval-fraction");
        assertThatThrownBy(() -> JobSettingsFactory.checkRetrieval(0.0, -0.5, 0.5, 5, 400))
                .hasMessageContaining("specialist.trainer.pretrain.retrieval-fraction");
        assertThatThrownBy(() -> JobSettingsFactory.checkRetrieval(0.0, 0.5, Double.NaN, 5, 400))
                .hasMessageContaining("specialist.trainer.training.retrieval-own-probability");
        assertThatThrownBy(() -> JobSettingsFactory.checkRetrieval(0.0, 0.5, 0.5, 0, 400))
                .hasMessageContaining("specialist.trainer.training.retrieval-k");
        assertThatThrownBy(() -> JobSettingsFactory.checkRetrieval(0.0, 0.5, 0.5, 5, 10))
                .hasMessageContaining("specialist.trainer.training.retrieval-passage-chars");
    }

    @Test
    void aJobsRetrievalFieldsBecomeItsTrainingRows() {
        TrainingSettings with = new TrainingSettings(60, 8, 256, 2e-3, 0.1, 6, 0.0, 1.0, 0.25, "l2sp", 0.01, 17,
                0.3, 0.6, 4, 300);
        TrainingConfig config = TrainingPipeline.trainingConfig(with, 256);
        assertThat(config.retrieval()).isEqualTo(new RetrievalTraining(0.3f, 0.6f, 4, 300));

        // a job stored before the fields existed reads them as 0: no retrieval rows, no invalid k or passage size
        TrainingSettings old = new TrainingSettings(60, 8, 256, 2e-3, 0.1, 6, 0.0, 1.0, 0.25, "l2sp", 0.01, 17,
                0.0, 0.0, 0, 0);
        assertThat(TrainingPipeline.trainingConfig(old, 256).retrieval()).isEqualTo(RetrievalTraining.NONE);
    }
}
