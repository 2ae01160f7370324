package io.specialist.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.specialist.model.LoraConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.AdapterCheckpoint;
import io.specialist.model.checkpoint.BaseFingerprint;
import io.specialist.model.checkpoint.Checkpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which full model an adapter job trains on (frozen) and ties its adapter to: the base, the domain's full
 * fine-tune when that is the parent, or the full fine-tune an adapter parent was trained on.
 */
class JobModelsTests {

    final TransformerModel general1 = TransformerModel.initialize(ParentModelTests.CONFIG, 1);
    final TransformerModel general2 = TransformerModel.initialize(ParentModelTests.CONFIG, 2);
    final TransformerModel legal1 = TransformerModel.initialize(ParentModelTests.CONFIG, 3); // a full fine-tune
    final Map<String, byte[]> registry = new HashMap<>();
    final List<String> fetched = new java.util.ArrayList<>();

    JobModelsTests() {
        registry.put("general@1", Checkpoint.of(general1, ParentModelTests.TOK, null, null, Map.of()).toBytes());
        registry.put("general@2", Checkpoint.of(general2, ParentModelTests.TOK, null, null, Map.of()).toBytes());
        registry.put("legal@1", Checkpoint.of(legal1, ParentModelTests.TOK, null, new float[legal1.params().length],
                Map.of()).toBytes());
    }

    JobModels.FrozenModel frozenFor(String parent, String base) {
        JobSpec job = new JobSpec("job-1", "legal", JobKind.FINE_TUNE, parent, base, null);
        ModelSource models = v -> {
            fetched.add(v);
            return registry.get(v);
        };
        return JobModels.load(job, models).adapterBase(job, models);
    }

    @Test
    void aFirstAdapterIsTiedToTheBase() {
        JobModels.FrozenModel frozen = frozenFor("general@1", "general@1");
        assertThat(frozen.version()).isEqualTo("general@1");
        assertThat(frozen.checkpoint().params()).containsExactly(general1.params());
    }

    @Test
    void anAdapterOnAFullFineTuneIsTiedToTheFineTune() {
        JobModels.FrozenModel frozen = frozenFor("legal@1", "general@1");
        assertThat(frozen.version()).isEqualTo("legal@1");
        assertThat(frozen.checkpoint().params()).containsExactly(legal1.params());
        assertThat(frozen.checkpoint().fisher()).as("EWC on the adapter uses the fine-tune's Fisher").isNotNull();
    }

    @Test
    void theNextAdapterJobContinuesOnTheFineTuneItsParentWasTrainedOn() {
        registry.put("legal@2", ParentModelTests.adapterOn(legal1, "legal@1").toBytes());
        JobModels.FrozenModel frozen = frozenFor("legal@2", "general@1");
        assertThat(frozen.version()).isEqualTo("legal@1");
        assertThat(frozen.checkpoint().params()).containsExactly(legal1.params());
        // and the parent's adapter is the one trained further there
        JobModels loaded = JobModels.load(new JobSpec("j", "legal", JobKind.FINE_TUNE, "legal@2", "general@1", null),
                registry::get);
        assertThat(loaded.parent().adapterToTrain(frozen.checkpoint().model(), frozen.version(), LoraConfig.defaults(), 9)
                .params()).containsExactly(loaded.parent().adapter().params());
    }

    @Test
    void anAdapterOnAnOlderBaseRestartsOnTheJobsBase() {
        AdapterCheckpoint old = ParentModelTests.adapterOn(general1, "general@1");
        registry.put("legal@2", old.toBytes());
        JobModels.FrozenModel frozen = frozenFor("legal@2", "general@2");
        assertThat(frozen.version()).isEqualTo("general@2");
        assertThat(frozen.checkpoint().params()).containsExactly(general2.params());
        assertThat(BaseFingerprint.weightsSha256(ParentModelTests.CONFIG, frozen.checkpoint().params()))
                .isNotEqualTo(old.base().sha256());
    }
}
