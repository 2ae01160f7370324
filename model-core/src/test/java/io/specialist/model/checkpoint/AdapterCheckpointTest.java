package io.specialist.model.checkpoint;

import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.LoraTarget;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterCheckpointTest {

    static final ModelConfig CONFIG = new ModelConfig(300, 16, 16, 2, 2);
    static final LoraConfig LORA = new LoraConfig(4, 8f, EnumSet.of(LoraTarget.QKV, LoraTarget.FCPROJ), List.of(1));

    static AdapterCheckpoint trainedOn(TransformerModel base) {
        LoraAdapter adapter = LoraAdapter.initialize(CONFIG, LORA, 3);
        for (int i = 0; i < adapter.params().length; i++) {
            adapter.params()[i] += 0.01f * (i % 7);
        }
        return AdapterCheckpoint.of(adapter, BaseFingerprint.of("general@1", base), Map.of("domain", "legal"));
    }

    @Test
    void roundTripsThroughAFileAndIsSmall(@TempDir Path dir) throws Exception {
        TransformerModel base = TransformerModel.initialize(CONFIG, 1);
        AdapterCheckpoint saved = trainedOn(base);
        Path file = dir.resolve("adapter.bin");
        saved.write(file);
        AdapterCheckpoint read = AdapterCheckpoint.read(file);
        assertThat(read).isEqualTo(saved);
        assertThat(read.lora()).isEqualTo(LORA);
        assertThat(read.base().version()).isEqualTo("general@1");
        assertThat(read.sha256Hex()).isEqualTo(saved.sha256Hex());
        // Two of eight matrices in one of two blocks, rank 4: about 5 % of the base's floats.
        assertThat(Files.size(file)).isLessThan(4L * base.params().length / 10);
    }

    @Test
    void mergesOnItsOwnBase() throws Exception {
        TransformerModel base = TransformerModel.initialize(CONFIG, 1);
        AdapterCheckpoint saved = trainedOn(base);
        TransformerModel merged = AdapterCheckpoint.fromBytes(saved.toBytes()).mergeInto("general@1", base.copy());
        int[] tokens = {1, 2, 3, 4, 5, 6};
        LoraAdapter adapter = saved.adapterFor("general@1", base);
        float[] expected = base.logits(tokens, 1, 6, adapter);
        float[] actual = merged.logits(tokens, 1, 6);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(merged.params()).isNotEqualTo(base.params());
    }

    @Test
    void refusesAnotherBaseNamingBoth() {
        TransformerModel base = TransformerModel.initialize(CONFIG, 1);
        AdapterCheckpoint saved = trainedOn(base);
        TransformerModel retrained = base.copy();
        retrained.params()[123] += 1e-3f; // one weight differs
        assertThatThrownBy(() -> saved.adapterFor("general@2", retrained))
                .isInstanceOf(AdapterMismatchException.class)
                .hasMessageContaining("trained on base general@1")
                .hasMessageContaining("given base general@2")
                .hasMessageContaining(saved.base().sha256());
        TransformerModel otherShape = TransformerModel.initialize(new ModelConfig(300, 16, 16, 3, 2), 1);
        assertThatThrownBy(() -> saved.mergeInto("big@1", otherShape))
                .isInstanceOf(AdapterMismatchException.class)
                .hasMessageContaining("has shape");
    }

    @Test
    void rejectsTamperingAndFullCheckpoints() throws Exception {
        TransformerModel base = TransformerModel.initialize(CONFIG, 1);
        byte[] bytes = trainedOn(base).toBytes();
        bytes[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> AdapterCheckpoint.fromBytes(bytes)).hasMessageContaining("SHA-256 mismatch");
        byte[] full = CheckpointTest.full().toBytes();
        assertThatThrownBy(() -> AdapterCheckpoint.fromBytes(full)).hasMessageContaining("full model checkpoint");
    }

    @Test
    void fingerprintIgnoresTheFileButNotTheWeights() {
        TransformerModel base = TransformerModel.initialize(CONFIG, 1);
        String a = BaseFingerprint.of("general@1", base).sha256();
        assertThat(BaseFingerprint.of("renamed@9", base.copy()).sha256()).isEqualTo(a);
        TransformerModel other = base.copy();
        other.params()[0] = -other.params()[0];
        assertThat(BaseFingerprint.of("general@1", other).sha256()).isNotEqualTo(a);
    }
}
