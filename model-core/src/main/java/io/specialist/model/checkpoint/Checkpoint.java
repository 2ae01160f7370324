package io.specialist.model.checkpoint;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.AdamW;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to continue training a model: config, tokenizer, weights, optionally the AdamW
 * state and the EWC Fisher diagonal, and a string metadata map.
 *
 * <p>Binary layout, little-endian throughout:
 * <pre>
 *   header   magic "SPCK" (4 bytes) | format version (int32) | content length in bytes (int64)
 *   content  config: vocabSize, contextLength, dModel, layers, heads (5 x int32)
 *            tokenizer JSON (int32 length + UTF-8)
 *            metadata (int32 count, then count x (key, value) as int32 length + UTF-8)
 *            params (int32 count + count x float32)
 *            flags (int32: bit 0 optimizer state, bit 1 Fisher)
 *            [optimizer: step (int32), m (P x float32), v (P x float32)]
 *            [fisher: P x float32]
 *   trailer  SHA-256 of header + content (32 bytes)
 * </pre>
 */
public record Checkpoint(ModelConfig config, BpeTokenizer tokenizer, float[] params, AdamW.State optimizer,
                         float[] fisher, Map<String, String> metadata) {

    /** "SPCK" read as a little-endian int32. */
    public static final int MAGIC = 0x4B435053;
    public static final int FORMAT_VERSION = 1;
    static final Envelope ENVELOPE = new Envelope(MAGIC, FORMAT_VERSION, "checkpoint", "SPCK", "full model checkpoint");
    private static final int FLAG_OPTIMIZER = 1;
    private static final int FLAG_FISHER = 2;

    public Checkpoint {
        if (params.length != config.layout().size()) {
            throw new IllegalArgumentException("config " + config + " needs " + config.layout().size()
                    + " parameters, got " + params.length);
        }
        if (tokenizer.vocabSize() != config.vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize() + " ids, config says "
                    + config.vocabSize());
        }
        if (fisher != null && fisher.length != params.length) {
            throw new IllegalArgumentException("Fisher has " + fisher.length + " entries, params " + params.length);
        }
        if (optimizer != null && (optimizer.m().length != params.length || optimizer.v().length != params.length)) {
            throw new IllegalArgumentException("optimizer state does not match the " + params.length + " parameters");
        }
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    /** A checkpoint of {@code model}'s current weights (not copied). */
    public static Checkpoint of(TransformerModel model, BpeTokenizer tokenizer, AdamW.State optimizer,
                                float[] fisher, Map<String, String> metadata) {
        return new Checkpoint(model.config(), tokenizer, model.params(), optimizer, fisher, metadata);
    }

    /** A model over a copy of the weights. */
    public TransformerModel model() {
        return new TransformerModel(config, params.clone());
    }

    // ---------------------------------------------------------------- writing

    public byte[] toBytes() {
        byte[] json = tokenizer.toJson().getBytes(StandardCharsets.UTF_8);
        long size = 5 * 4L + 4 + json.length + 4 + 4 + 4L * params.length + 4;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            size += 8L + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        if (optimizer != null) {
            size += 4 + 8L * params.length;
        }
        if (fisher != null) {
            size += 4L * params.length;
        }
        ByteBuffer buf = ENVELOPE.start(size);
        buf.putInt(config.vocabSize()).putInt(config.contextLength()).putInt(config.dModel())
                .putInt(config.layers()).putInt(config.heads());
        buf.putInt(json.length).put(json);
        buf.putInt(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            putString(buf, e.getKey());
            putString(buf, e.getValue());
        }
        putFloats(buf, params, true);
        buf.putInt((optimizer != null ? FLAG_OPTIMIZER : 0) | (fisher != null ? FLAG_FISHER : 0));
        if (optimizer != null) {
            buf.putInt(optimizer.step());
            putFloats(buf, optimizer.m(), false);
            putFloats(buf, optimizer.v(), false);
        }
        if (fisher != null) {
            putFloats(buf, fisher, false);
        }
        return Envelope.finish(buf);
    }

    /** Writes to a temporary sibling and renames it into place, so a crash never leaves half a file. */
    public void write(Path file) throws IOException {
        writeAtomically(file, toBytes());
    }

    /** Writes {@code bytes} to a temporary sibling and renames it into place (checkpoints and adapters). */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: that makes the file owner-only (0600), and the renamed checkpoint
        // would keep those permissions.
        Path tmp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---------------------------------------------------------------- reading

    public static Checkpoint read(Path file) throws IOException {
        return readFile(file, "checkpoint", Checkpoint::fromBytes);
    }

    /** Parses a file with {@code parser}; errors name the file and what kind of file it should be. */
    static <T> T readFile(Path file, String kind, Parser<T> parser) throws CheckpointException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + kind + " " + file + ": " + e.getMessage(), e);
        }
        try {
            return parser.parse(bytes);
        } catch (CheckpointException e) {
            throw new CheckpointException(kind + " " + file + ": " + e.getMessage(), e);
        }
    }

    interface Parser<T> {
        T parse(byte[] bytes) throws CheckpointException;
    }

    public static Checkpoint fromBytes(byte[] bytes) throws CheckpointException {
        ByteBuffer buf = ENVELOPE.open(bytes, AdapterCheckpoint.ENVELOPE);
        try {
            ModelConfig config = new ModelConfig(buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt());
            BpeTokenizer tokenizer = BpeTokenizer.fromJson(getString(buf));
            int entries = buf.getInt();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = 0; i < entries; i++) {
                metadata.put(getString(buf), getString(buf));
            }
            float[] params = getFloats(buf, buf.getInt());
            int flags = buf.getInt();
            AdamW.State optimizer = null;
            if ((flags & FLAG_OPTIMIZER) != 0) {
                int step = buf.getInt();
                optimizer = new AdamW.State(getFloats(buf, params.length), getFloats(buf, params.length), step);
            }
            float[] fisher = (flags & FLAG_FISHER) != 0 ? getFloats(buf, params.length) : null;
            if (buf.hasRemaining()) {
                throw new CheckpointException(buf.remaining() + " unread bytes at the end of the content");
            }
            return new Checkpoint(config, tokenizer, params, optimizer, fisher, metadata);
        } catch (BufferUnderflowException e) {
            throw new CheckpointException("malformed content: a field runs past the declared content length", e);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("malformed content: " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of the serialised checkpoint. */
    public String sha256Hex() {
        return Envelope.hash(toBytes());
    }

    // ---------------------------------------------------------------- helpers (shared with AdapterCheckpoint)

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void putString(ByteBuffer buf, String s) {
        byte[] b = utf8(s);
        buf.putInt(b.length).put(b);
    }

    static String getString(ByteBuffer buf) {
        int len = buf.getInt();
        if (len < 0 || len > buf.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void putFloats(ByteBuffer buf, float[] values, boolean withCount) {
        if (withCount) {
            buf.putInt(values.length);
        }
        buf.asFloatBuffer().put(values);
        buf.position(buf.position() + 4 * values.length);
    }

    static float[] getFloats(ByteBuffer buf, int count) {
        if (count < 0 || 4L * count > buf.remaining()) {
            throw new BufferUnderflowException();
        }
        float[] out = new float[count];
        buf.asFloatBuffer().get(out);
        buf.position(buf.position() + 4 * count);
        return out;
    }

    static byte[] sha256(byte[] data, int from, int to) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, from, to - from);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && config.equals(c.config) && tokenizer.equals(c.tokenizer)
                && Arrays.equals(params, c.params) && Arrays.equals(fisher, c.fisher)
                && metadata.equals(c.metadata) && optimizerEquals(optimizer, c.optimizer);
    }

    private static boolean optimizerEquals(AdamW.State a, AdamW.State b) {
        return a == b || (a != null && b != null && a.step() == b.step()
                && Arrays.equals(a.m(), b.m()) && Arrays.equals(a.v(), b.v()));
    }

    @Override
    public int hashCode() {
        return config.hashCode() * 31 + Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + config + ", " + params.length + " params, optimizer=" + (optimizer != null)
                + ", fisher=" + (fisher != null) + ", metadata=" + metadata + "]";
    }
}
