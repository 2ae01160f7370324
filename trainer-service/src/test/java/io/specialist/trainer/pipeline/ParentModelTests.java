package io.specialist.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.AdapterCheckpoint;
import io.specialist.model.checkpoint.BaseFingerprint;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.tokenizer.BpeTokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parents stored as adapters are merged into the base they were trained on, whichever base the job has. */
class ParentModelTests {

    static final BpeTokenizer TOK = BpeTokenizer.train(List.of("the parent model of an adapter job"), 260);
    static final ModelConfig CONFIG = new ModelConfig(TOK.vocabSize(), 16, 16, 1, 2);

    static AdapterCheckpoint adapterOn(TransformerModel base, String version) {
        LoraAdapter adapter = LoraAdapter.initialize(CONFIG, LoraConfig.defaults(), 1);
        for (int i = 0; i < adapter.params().length; i++) {
            adapter.params()[i] += 0.01f * ((i % 5) - 2);
        }
        return AdapterCheckpoint.of(adapter, BaseFingerprint.of(version, base), Map.of());
    }

    @Test
    void anAdapterParentIsMergedIntoTheJobsBase() {
        TransformerModel base = TransformerModel.initialize(CONFIG, 1);
        Checkpoint baseCheckpoint = Checkpoint.of(base, TOK, null, null, Map.of());
        AdapterCheckpoint adapter = adapterOn(base, "general@1");
        byte[] bytes = adapter.toBytes();
        assertThat(ParentModel.isAdapter(bytes)).isTrue();
        assertThat(ParentModel.isAdapter(baseCheckpoint.toBytes())).isFalse();

        ParentModel parent = ParentModel.load(bytes, "legal@2", baseCheckpoint, "general@1", v -> {
            throw new AssertionError("the job's base is the adapter's own: nothing to fetch, asked for " + v);
        });
        assertThat(parent.adapter()).isEqualTo(adapter);
        assertThat(parent.fisher()).isNull();
        assertThat(parent.model().params()).isNotEqualTo(base.params());
        int[] tokens = {1, 2, 3, 4};
        float[] expected = base.logits(tokens, 1, 4, new LoraAdapter(CONFIG, LoraConfig.defaults(), adapter.params()));
        float[] actual = parent.model().logits(tokens, 1, 4);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
        // the same adapter shape on the same base is continued, not restarted
        LoraAdapter next = parent.adapterToTrain(base, "general@1", LoraConfig.defaults(), 9);
        assertThat(next.params()).containsExactly(adapter.params());
    }

    @Test
    void anAdapterOnAnOlderBaseIsMergedIntoThatBaseAndRestartedForTheNewOne() {
        TransformerModel oldBase = TransformerModel.initialize(CONFIG, 1);
        TransformerModel newBase = TransformerModel.initialize(CONFIG, 2);
        byte[] oldBytes = Checkpoint.of(oldBase, TOK, null, null, Map.of()).toBytes();
        AdapterCheckpoint adapter = adapterOn(oldBase, "general@1");
        ParentModel parent = ParentModel.load(adapter.toBytes(), "legal@2",
                Checkpoint.of(newBase, TOK, null, null, Map.of()), "general@2",
                v -> {
                    assertThat(v).isEqualTo("general@1");
                    return oldBytes;
                });
        float[] merged = new LoraAdapter(CONFIG, LoraConfig.defaults(), adapter.params()).mergeInto(oldBase).params();
        assertThat(parent.model().params()).containsExactly(merged);
        // its weights mean nothing on general@2: a fresh adapter (B = 0) is trained there
        LoraAdapter fresh = parent.adapterToTrain(newBase, "general@2", LoraConfig.defaults(), 9);
        assertThat(fresh.mergeInto(newBase).params()).containsExactly(newBase.params());
    }

    @Test
    void aCorruptAdapterIsUnusableData() {
        TransformerModel base = TransformerModel.initialize(CONFIG, 1);
        byte[] bytes = adapterOn(base, "general@1").toBytes();
        bytes[bytes.length - 40] ^= 1;
        assertThatThrownBy(() -> ParentModel.load(bytes, "legal@2", Checkpoint.of(base, TOK, null, null, Map.of()),
                "general@1", v -> null)).isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("legal@2").hasMessageContaining("SHA-256 mismatch");
    }
}
