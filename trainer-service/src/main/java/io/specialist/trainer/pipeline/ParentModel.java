package io.specialist.trainer.pipeline;

import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.AdapterCheckpoint;
import io.specialist.model.checkpoint.BaseFingerprint;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.checkpoint.CheckpointException;
import io.specialist.model.tokenizer.BpeTokenizer;

/**
 * The model a fine-tune continues from, whichever way it was stored: a full checkpoint, or an adapter
 * (registry versions made with {@code method: adapter} keep only the adapter) merged into the base it was
 * trained on.
 *
 * @param model     the parent's function as one full model (a fresh copy: training may change it)
 * @param tokenizer the parent's tokenizer (an adapter's is its base's)
 * @param fisher    the EWC Fisher stored with a full checkpoint, else null (estimated when needed)
 * @param adapter   the parent's adapter when it was stored as one, else null
 */
public record ParentModel(TransformerModel model, BpeTokenizer tokenizer, float[] fisher, AdapterCheckpoint adapter) {

    /** A full checkpoint as a parent. */
    public static ParentModel full(Checkpoint checkpoint) {
        return new ParentModel(checkpoint.model(), checkpoint.tokenizer(), checkpoint.fisher(), null);
    }

    /**
     * Reads {@code bytes} of {@code version}. An adapter is merged into {@code base} when it was trained on it,
     * else into the base version it names, fetched from {@code models}.
     */
    public static ParentModel load(byte[] bytes, String version, Checkpoint base, String baseVersion,
            ModelSource models) {
        try {
            if (!isAdapter(bytes)) {
                return full(Checkpoint.fromBytes(bytes));
            }
            AdapterCheckpoint adapter = AdapterCheckpoint.fromBytes(bytes);
            Checkpoint own = base;
            String ownVersion = baseVersion;
            if (!adapter.base().sha256().equals(BaseFingerprint.weightsSha256(base.config(), base.params()))) {
                ownVersion = adapter.base().version();
                own = Checkpoint.fromBytes(models.checkpoint(ownVersion));
            }
            return new ParentModel(adapter.mergeInto(ownVersion, own.model()), own.tokenizer(), null, adapter);
        } catch (CheckpointException e) {
            throw new DataUnavailableException("the checkpoint of " + version + " is unusable: " + e.getMessage(), e);
        }
    }

    /**
     * The adapter to train on {@code frozenBase}: the parent's own (training continues) when it was trained on
     * this base with the same shape, else a fresh one (B = 0: starts as the base).
     */
    public LoraAdapter adapterToTrain(TransformerModel frozenBase, String baseVersion, LoraConfig lora, long seed) {
        if (adapter != null && adapter.lora().equals(lora)) {
            try {
                return adapter.adapterFor(baseVersion, frozenBase);
            } catch (CheckpointException e) {
                // trained on another base: its weights mean nothing on this one
            }
        }
        return LoraAdapter.initialize(frozenBase.config(), lora, seed);
    }

    /** Whether checkpoint bytes hold an adapter (magic "SPAD") rather than a full model. */
    public static boolean isAdapter(byte[] bytes) {
        return bytes.length >= 4 && java.nio.ByteBuffer.wrap(bytes, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt() == AdapterCheckpoint.MAGIC;
    }
}
