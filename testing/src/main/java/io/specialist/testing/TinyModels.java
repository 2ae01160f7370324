package io.specialist.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.Trainer;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small real models for service tests: a byte-level BPE tokenizer and a tiny transformer trained for a
 * few hundred steps on the bundled general corpus, exported to ONNX with the Specialist metadata
 * ({@code specialist.version=general@1}, {@code specialist.domain=general}). Deterministic for a
 * {@link Spec}, and cached under {@code target/tiny-models/} (keyed by a hash of the spec and of the
 * model-core code that trains and exports) so the test classes of a module share one training run.
 *
 * <p>Also builds text streams for drift tests: English prose the model has not been trained on (chunks of
 * the corpus's held-out documents) and text of another kind (source code and configuration).
 */
public final class TinyModels {

    /** Version of the base model in the architecture's contract. */
    public static final String GENERAL_VERSION = "general@1";
    public static final String GENERAL_DOMAIN = "general";

    /**
     * What to train.
     *
     * @param vocabSize          tokenizer vocabulary (>= 257)
     * @param contextLength      model context (tokens)
     * @param dModel             residual width
     * @param layers             transformer blocks
     * @param heads              attention heads
     * @param steps              optimiser steps
     * @param batchSize          sequences per step (each {@code contextLength} tokens)
     * @param tokenizerDocuments general-corpus training documents the tokenizer is learned from
     * @param seed               initialisation and data-order seed
     */
    public record Spec(int vocabSize, int contextLength, int dModel, int layers, int heads, int steps, int batchSize,
            int tokenizerDocuments, long seed) {

        String key() {
            return vocabSize + "-" + contextLength + "-" + dModel + "-" + layers + "-" + heads + "-" + steps + "-"
                    + batchSize + "-" + tokenizerDocuments + "-" + seed;
        }
    }

    /** A model that trains in well under 20 s on two cores and clearly beats a uniform byte model. */
    public static final Spec DEFAULT = new Spec(384, 64, 48, 2, 2, 300, 8, 60, 42);

    /**
     * An exported model.
     *
     * @param onnx   the artifact: one ONNX file with tokenizer and config in its metadata
     * @param sha256 hex SHA-256 of {@code onnx}, the model's checksum in the registry
     */
    public record TinyModel(Spec spec, String version, String domain, byte[] onnx, String sha256) {

        /** The same weights under another version and domain (only the metadata differs). */
        public TinyModel relabel(String newVersion, String newDomain) {
            byte[] bytes = TinyModels.relabel(onnx, newVersion, newDomain);
            return new TinyModel(spec, newVersion, newDomain, bytes, TinyModels.sha256(bytes));
        }
    }

    private static final Map<String, TinyModel> MEMORY = new ConcurrentHashMap<>();
    private static final Path CACHE = Path.of("target", "tiny-models");

    private TinyModels() {
    }

    /** {@link #DEFAULT} as {@code general@1}. */
    public static TinyModel general() {
        return build(DEFAULT);
    }

    /** Trains (or reads from the cache) a model of {@code spec}, labelled {@code general@1}. */
    public static TinyModel build(Spec spec) {
        return MEMORY.computeIfAbsent(spec.key(), k -> loadOrTrain(spec));
    }

    private static synchronized TinyModel loadOrTrain(Spec spec) {
        Path file = CACHE.resolve("general-" + cacheKey(spec) + ".onnx");
        try {
            if (Files.isRegularFile(file)) {
                byte[] bytes = Files.readAllBytes(file);
                return new TinyModel(spec, GENERAL_VERSION, GENERAL_DOMAIN, bytes, sha256(bytes));
            }
            byte[] bytes = train(spec);
            Files.createDirectories(CACHE);
            Path tmp = Files.createTempFile(CACHE, file.getFileName().toString(), ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new TinyModel(spec, GENERAL_VERSION, GENERAL_DOMAIN, bytes, sha256(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the tiny model under " + CACHE.toAbsolutePath(), e);
        }
    }

    private static byte[] train(Spec spec) {
        List<String> corpus = GeneralCorpus.train();
        BpeTokenizer tokenizer = BpeTokenizer.train(corpus.subList(0, Math.min(spec.tokenizerDocuments(), corpus.size())),
                spec.vocabSize());
        ModelConfig config = new ModelConfig(tokenizer.vocabSize(), spec.contextLength(), spec.dModel(), spec.layers(),
                spec.heads());
        TransformerModel model = TransformerModel.initialize(config, spec.seed());
        TrainingConfig training = TrainingConfig.pretraining(spec.steps(), spec.batchSize(), spec.contextLength())
                .withSeed(spec.seed());
        Trainer.train(model, tokenizer, corpus, List.of(), training, TrainingListener.NONE, () -> false);
        return OnnxExporter.export(config, model.params(), tokenizer.toJson(),
                Map.of(ModelMetadata.VERSION, GENERAL_VERSION, ModelMetadata.DOMAIN, GENERAL_DOMAIN));
    }

    /**
     * Cache key: the spec plus a fingerprint of the model-core classes that decide the artifact's bytes, so
     * a changed trainer or exporter never reuses a stale file.
     */
    static String cacheKey(Spec spec) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(spec.key().getBytes(StandardCharsets.UTF_8));
            digest.update(OnnxExporter.GRAPH_CONTRACT.getBytes(StandardCharsets.UTF_8));
            for (Class<?> type : List.of(OnnxExporter.class, Trainer.class, TransformerModel.class, BpeTokenizer.class,
                    GeneralCorpus.class)) {
                try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                    if (in != null) {
                        digest.update(in.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites the version and domain in an exported model's metadata; weights and graph stay identical. */
    public static byte[] relabel(byte[] onnx, String version, String domain) {
        try {
            ModelProto model = ModelProto.parseFrom(onnx);
            ModelProto.Builder builder = model.toBuilder().clearMetadataProps();
            for (StringStringEntryProto entry : model.getMetadataPropsList()) {
                if (!entry.getKey().equals(ModelMetadata.VERSION) && !entry.getKey().equals(ModelMetadata.DOMAIN)) {
                    builder.addMetadataProps(entry);
                }
            }
            builder.addMetadataProps(StringStringEntryProto.newBuilder().setKey(ModelMetadata.VERSION).setValue(version));
            builder.addMetadataProps(StringStringEntryProto.newBuilder().setKey(ModelMetadata.DOMAIN).setValue(domain));
            return builder.build().toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ text streams

    /**
     * English prose the models were not trained on: the general corpus's held-out documents cut into
     * chunks of about {@code chunkBytes} at word boundaries, in corpus order (deterministic).
     */
    public static List<String> heldOutProse(int chunkBytes) {
        List<String> chunks = new ArrayList<>();
        for (String doc : GeneralCorpus.heldOut()) {
            chunks.addAll(chunk(doc, chunkBytes));
        }
        return chunks;
    }

    /** Cuts text into pieces of at least {@code chunkBytes} UTF-8 bytes, ending at whitespace. */
    static List<String> chunk(String text, int chunkBytes) {
        List<String> out = new ArrayList<>();
        String[] words = text.strip().split("\\s+");
        StringBuilder current = new StringBuilder();
        int bytes = 0;
        for (String word : words) {
            if (current.length() > 0) {
                current.append(' ');
                bytes++;
            }
            current.append(word);
            bytes += word.getBytes(StandardCharsets.UTF_8).length;
            if (bytes >= chunkBytes) {
                out.add(current.toString());
                current.setLength(0);
                bytes = 0;
            }
        }
        if (bytes >= chunkBytes / 2) {
            out.add(current.toString()); // a short tail is dropped: chunks stay comparable in length
        }
        return out;
    }

    private static final String[] NOUNS = {"config", "user", "request", "buffer", "token", "index", "cache", "node",
        "queue", "record", "session", "offset", "payload", "handler", "schema", "result", "stream", "lock"};
    private static final String[] VERBS = {"get", "set", "load", "parse", "flush", "read", "write", "build", "merge",
        "resolve", "validate", "encode", "decode", "update", "close"};
    private static final String[] TYPES = {"int", "long", "String", "byte[]", "Map<String, Object>", "List<Node>",
        "Optional<Record>", "double"};

    /**
     * Text of another kind than English prose: source code, shell and configuration in a mix of languages,
     * {@code count} pieces of about {@code chunkBytes} each, generated deterministically from {@code seed}.
     */
    public static List<String> code(int count, int chunkBytes, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            while (sb.toString().getBytes(StandardCharsets.UTF_8).length < chunkBytes) {
                sb.append(codeSnippet(random)).append('\n');
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String codeSnippet(Random r) {
        String noun = pick(r, NOUNS);
        String other = pick(r, NOUNS);
        String verb = pick(r, VERBS);
        String type = pick(r, TYPES);
        int n = r.nextInt(4096);
        return switch (r.nextInt(6)) {
            case 0 -> "public " + type + " " + verb + cap(noun) + "(" + pick(r, TYPES) + " " + other + ") {\n"
                    + "    if (" + other + " == null || " + noun + "s.size() > " + n + ") {\n"
                    + "        throw new IllegalStateException(\"" + verb + " failed: \" + " + other + ");\n"
                    + "    }\n    return this." + noun + ".get(" + other + ".hashCode() & 0x" + Integer.toHexString(n) + ");\n}";
            case 1 -> "def " + verb + "_" + noun + "(" + other + ", retries=" + (n % 7) + "):\n"
                    + "    for i in range(retries):\n"
                    + "        " + noun + " = " + other + ".get(\"" + noun + "_id\", " + n + ")\n"
                    + "        if " + noun + " is not None:\n            return {k: v for k, v in " + noun + ".items()}\n"
                    + "    raise KeyError(f\"{" + other + "!r}\")";
            case 2 -> "{\"" + noun + "\": {\"" + other + "\": " + n + ", \"enabled\": " + r.nextBoolean()
                    + ", \"tags\": [\"" + verb + "\", \"" + pick(r, NOUNS) + "\"], \"ratio\": " + (n / 1000.0) + "}}";
            case 3 -> "$ ./bin/" + verb + "-" + noun + " --" + other + "=" + n + " --verbose | grep -E '^" + noun
                    + "[0-9]+' > /tmp/" + other + ".log && echo $?";
            case 4 -> "for (int i = 0; i < " + noun + ".length; i++) { " + other + "[i] += " + noun + "[i] * 0x"
                    + Integer.toHexString(n) + "; } // " + verb + " " + noun;
            default -> "SELECT " + noun + "_id, COUNT(*) FROM " + other + "s WHERE " + verb + "_at > NOW() - INTERVAL '"
                    + (n % 90) + " days' GROUP BY 1 HAVING COUNT(*) >= " + (n % 13) + ";";
        };
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
