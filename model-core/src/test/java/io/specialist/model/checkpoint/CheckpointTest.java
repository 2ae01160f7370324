package io.specialist.model.checkpoint;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.AdamW;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    static final BpeTokenizer TOK = BpeTokenizer.train(List.of("checkpoint checkpoint check point"), 264);
    static final ModelConfig CONFIG = new ModelConfig(TOK.vocabSize(), 8, 8, 1, 2);

    static Checkpoint full() {
        TransformerModel model = TransformerModel.initialize(CONFIG, 9);
        int p = model.params().length;
        float[] m = new float[p], v = new float[p], fisher = new float[p];
        for (int i = 0; i < p; i++) {
            m[i] = i * 0.001f;
            v[i] = i * 0.002f;
            fisher[i] = 1f + (i % 7);
        }
        return Checkpoint.of(model, TOK, new AdamW.State(m, v, 42), fisher,
                Map.of("version", "legal@3", "parent", "general@1", "note", "ünïcödé"));
    }

    @Test
    void roundTripsWithAndWithoutOptionalParts(@TempDir Path dir) throws Exception {
        Checkpoint c = full();
        Path file = dir.resolve("model.ckpt");
        c.write(file);
        Checkpoint back = Checkpoint.read(file);
        assertThat(back).isEqualTo(c);
        assertThat(back.optimizer().step()).isEqualTo(42);
        assertThat(back.metadata()).containsEntry("note", "ünïcödé");
        float[] logits = back.model().logits(new int[] {1, 2, 3}, 1, 3);
        assertThat(logits).containsExactly(c.model().logits(new int[] {1, 2, 3}, 1, 3));

        Checkpoint bare = new Checkpoint(CONFIG, TOK, c.params(), null, null, Map.of());
        Checkpoint bareBack = Checkpoint.fromBytes(bare.toBytes());
        assertThat(bareBack.optimizer()).isNull();
        assertThat(bareBack.fisher()).isNull();
        assertThat(bareBack).isEqualTo(bare);
        assertThat(bare.toBytes().length).isLessThan(c.toBytes().length);
        assertThat(c.sha256Hex()).hasSize(64).isEqualTo(Checkpoint.fromBytes(c.toBytes()).sha256Hex());
    }

    @Test
    void truncatedFileFailsClearly(@TempDir Path dir) throws Exception {
        byte[] bytes = full().toBytes();
        Path file = dir.resolve("cut.ckpt");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> Checkpoint.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("cut.ckpt")
                .hasMessageContaining("truncated: header declares " + bytes.length + " bytes, file has " + (bytes.length - 100));
        assertThatThrownBy(() -> Checkpoint.fromBytes(Arrays.copyOf(bytes, 10)))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("shorter than the 16-byte header");
        assertThatThrownBy(() -> Checkpoint.fromBytes(new byte[0]))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("truncated");
    }

    @Test
    void tamperedFileFailsTheChecksum() {
        byte[] bytes = full().toBytes();
        byte[] tampered = bytes.clone();
        tampered[bytes.length / 2] ^= 0x01; // one bit of one weight
        assertThatThrownBy(() -> Checkpoint.fromBytes(tampered))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("SHA-256 mismatch")
                .hasMessageContaining("corrupted or was modified");
        byte[] badHash = bytes.clone();
        badHash[bytes.length - 1] ^= 0x01;
        assertThatThrownBy(() -> Checkpoint.fromBytes(badHash)).hasMessageContaining("SHA-256 mismatch");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> Checkpoint.fromBytes(longer)).hasMessageContaining("unexpected 3 bytes after the end");
    }

    @Test
    void unknownVersionAndForeignFilesFailClearly() {
        byte[] bytes = full().toBytes();
        byte[] future = bytes.clone();
        ByteBuffer.wrap(future).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
        assertThatThrownBy(() -> Checkpoint.fromBytes(future))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("unsupported checkpoint format version 2; this build reads version 1");
        byte[] foreign = bytes.clone();
        foreign[0] = 'P';
        foreign[1] = 'K';
        assertThatThrownBy(() -> Checkpoint.fromBytes(foreign))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("not a Specialist checkpoint");
    }

    @Test
    void writeReplacesAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.ckpt");
        full().write(file);
        Checkpoint second = new Checkpoint(CONFIG, TOK, new float[CONFIG.layout().size()], null, null, Map.of("v", "2"));
        second.write(file);
        assertThat(Checkpoint.read(file).metadata()).containsEntry("v", "2");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }
}
