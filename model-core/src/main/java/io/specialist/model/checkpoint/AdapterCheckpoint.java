package io.specialist.model.checkpoint;

import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.LoraTarget;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained adapter and the base model it belongs to: only the adapter's A and B matrices (a few
 * percent of the base's size) plus the base's {@link BaseFingerprint}, so it can never be applied to
 * other weights by mistake. No tokenizer: that is the base's.
 *
 * <p>Binary layout, little-endian throughout:
 * <pre>
 *   header   magic "SPAD" (4 bytes) | format version (int32) | content length in bytes (int64)
 *   content  base config: vocabSize, contextLength, dModel, layers, heads (5 x int32)
 *            base version, base weights sha256 (each int32 length + UTF-8)
 *            rank (int32), alpha (float32), targets (int32 count + ids as strings), layers (int32 count + int32s)
 *            metadata (int32 count, then count x (key, value) as strings)
 *            params (int32 count + count x float32)
 *   trailer  SHA-256 of header + content (32 bytes)
 * </pre>
 */
public record AdapterCheckpoint(ModelConfig baseConfig, BaseFingerprint base, LoraConfig lora, float[] params,
                                Map<String, String> metadata) {

    /** "SPAD" read as a little-endian int32. */
    public static final int MAGIC = 0x44415053;
    public static final int FORMAT_VERSION = 1;
    static final Envelope ENVELOPE = new Envelope(MAGIC, FORMAT_VERSION, "adapter", "SPAD", "adapter");

    public AdapterCheckpoint {
        new LoraAdapter(baseConfig, lora, params); // validates the parameter count against the shape
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    /** The adapter's current parameters (not copied) tied to {@code base}. */
    public static AdapterCheckpoint of(LoraAdapter adapter, BaseFingerprint base, Map<String, String> metadata) {
        return new AdapterCheckpoint(adapter.modelConfig(), base, adapter.config(), adapter.params(), metadata);
    }

    /**
     * The adapter, after checking that {@code baseModel} is the model it was trained on.
     *
     * @throws AdapterMismatchException naming both bases when the weights differ
     */
    public LoraAdapter adapterFor(String baseVersion, TransformerModel baseModel) throws AdapterMismatchException {
        if (!baseModel.config().equals(baseConfig)) {
            throw new AdapterMismatchException("adapter was trained on base " + base.version() + " of shape "
                    + baseConfig + " but the given base " + baseVersion + " has shape " + baseModel.config()
                    + ": load it on " + base.version() + " or train a new adapter on " + baseVersion);
        }
        String sha = BaseFingerprint.weightsSha256(baseModel.config(), baseModel.params());
        if (!sha.equals(base.sha256())) {
            throw new AdapterMismatchException("adapter was trained on base " + base.version() + " (weights sha256 "
                    + base.sha256() + ") but the given base " + baseVersion + " has weights sha256 " + sha
                    + ": load it on " + base.version() + " or train a new adapter on " + baseVersion);
        }
        return new LoraAdapter(baseConfig, lora, params.clone());
    }

    /** Base + adapter merged into one full model (checked as {@link #adapterFor}). */
    public TransformerModel mergeInto(String baseVersion, TransformerModel baseModel) throws AdapterMismatchException {
        return adapterFor(baseVersion, baseModel).mergeInto(baseModel);
    }

    // ---------------------------------------------------------------- writing

    public byte[] toBytes() {
        List<byte[]> strings = new ArrayList<>();
        strings.add(Checkpoint.utf8(base.version()));
        strings.add(Checkpoint.utf8(base.sha256()));
        for (LoraTarget t : lora.orderedTargets()) {
            strings.add(Checkpoint.utf8(t.id()));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            strings.add(Checkpoint.utf8(e.getKey()));
            strings.add(Checkpoint.utf8(e.getValue()));
        }
        long size = 5 * 4L + 4 + 4 + 4 + 4 + 4L * lora.layers().size() + 4 + 4 + 4L * params.length;
        for (byte[] s : strings) {
            size += 4 + s.length;
        }
        ByteBuffer buf = ENVELOPE.start(size);
        buf.putInt(baseConfig.vocabSize()).putInt(baseConfig.contextLength()).putInt(baseConfig.dModel())
                .putInt(baseConfig.layers()).putInt(baseConfig.heads());
        Checkpoint.putString(buf, base.version());
        Checkpoint.putString(buf, base.sha256());
        buf.putInt(lora.rank()).putFloat(lora.alpha());
        buf.putInt(lora.targets().size());
        for (LoraTarget t : lora.orderedTargets()) {
            Checkpoint.putString(buf, t.id());
        }
        buf.putInt(lora.layers().size());
        for (int l : lora.layers()) {
            buf.putInt(l);
        }
        buf.putInt(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            Checkpoint.putString(buf, e.getKey());
            Checkpoint.putString(buf, e.getValue());
        }
        Checkpoint.putFloats(buf, params, true);
        return Envelope.finish(buf);
    }

    /** Writes to a temporary sibling and renames it into place. */
    public void write(Path file) throws IOException {
        Checkpoint.writeAtomically(file, toBytes());
    }

    // ---------------------------------------------------------------- reading

    public static AdapterCheckpoint read(Path file) throws IOException {
        return Checkpoint.readFile(file, "adapter", AdapterCheckpoint::fromBytes);
    }

    public static AdapterCheckpoint fromBytes(byte[] bytes) throws CheckpointException {
        ByteBuffer buf = ENVELOPE.open(bytes, Checkpoint.ENVELOPE);
        try {
            ModelConfig config = new ModelConfig(buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt());
            BaseFingerprint base = new BaseFingerprint(Checkpoint.getString(buf), Checkpoint.getString(buf));
            int rank = buf.getInt();
            float alpha = buf.getFloat();
            Set<LoraTarget> targets = EnumSet.noneOf(LoraTarget.class);
            for (int i = buf.getInt(); i > 0; i--) {
                targets.add(LoraTarget.parse(Checkpoint.getString(buf)));
            }
            List<Integer> layers = new ArrayList<>();
            for (int i = buf.getInt(); i > 0; i--) {
                layers.add(buf.getInt());
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = buf.getInt(); i > 0; i--) {
                metadata.put(Checkpoint.getString(buf), Checkpoint.getString(buf));
            }
            float[] params = Checkpoint.getFloats(buf, buf.getInt());
            if (buf.hasRemaining()) {
                throw new CheckpointException(buf.remaining() + " unread bytes at the end of the content");
            }
            return new AdapterCheckpoint(config, base, new LoraConfig(rank, alpha, targets, layers), params, metadata);
        } catch (BufferUnderflowException e) {
            throw new CheckpointException("malformed content: a field runs past the declared content length", e);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("malformed content: " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 trailer of the serialised adapter. */
    public String sha256Hex() {
        return Envelope.hash(toBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdapterCheckpoint a && baseConfig.equals(a.baseConfig) && base.equals(a.base)
                && lora.equals(a.lora) && Arrays.equals(params, a.params) && metadata.equals(a.metadata);
    }

    @Override
    public int hashCode() {
        return base.hashCode() * 31 + Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return "AdapterCheckpoint[base=" + base + ", " + lora + ", " + params.length + " params]";
    }
}
