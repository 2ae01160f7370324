package io.specialist.trainer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.Events;
import io.specialist.events.ModelPublished;
import io.specialist.model.LoraTarget;
import io.specialist.model.ModelConfig;
import io.specialist.model.checkpoint.AdapterCheckpoint;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.checkpoint.CheckpointException;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.ParentModel;
import io.specialist.trainer.pipeline.ReferenceStats;
import io.specialist.trainer.pipeline.TrainingSettings;
import io.specialist.trainer.registry.Blob;
import io.specialist.trainer.registry.ModelFiles;
import io.specialist.trainer.registry.ModelManifest;
import io.specialist.trainer.registry.ModelVersion;
import io.specialist.trainer.registry.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers models: exports the checkpoint to the ONNX artifact (tokenizer, config, version and domain in
 * its metadata), stores artifact + checkpoint + manifest under the next {@code domain@N}.
 */
@ApplicationScoped
public class ModelPublisher {

    public static final String PARENT_KEY = "specialist.parent";

    private final ModelRegistry registry;
    private final JobTransitions transitions;
    private final TrainerConfig config;

    public ModelPublisher(ModelRegistry registry, JobTransitions transitions, TrainerConfig config) {
        this.registry = registry;
        this.transitions = transitions;
        this.config = config;
    }

    /** An accepted candidate to register. */
    public record Candidate(String jobId, String domain, JobKind kind, String parentVersion, String baseVersion,
            TrainingSettings training, byte[] checkpoint, Map<String, Double> metrics, Map<String, Object> dataWindow) {
    }

    public ModelManifest publish(Candidate candidate) {
        Map<String, Object> training = new LinkedHashMap<>(EventsJson.toMap(candidate.training()));
        training.put("kind", candidate.kind().wire()); // model.json says what the job trained on
        if (ParentModel.isAdapter(candidate.checkpoint())) {
            return publishAdapter(candidate, training);
        }
        Checkpoint checkpoint = parse(candidate.checkpoint(), "candidate of job " + candidate.jobId());
        String method = candidate.kind() == JobKind.PRETRAIN ? "pretrain" : "full";
        return store(candidate.domain(), candidate.parentVersion(), candidate.baseVersion(), method, candidate.jobId(),
                training, candidate.dataWindow(), candidate.metrics(), checkpoint, checkpoint.params(),
                candidate.checkpoint(), null);
    }

    /**
     * An adapter candidate: the registry keeps the adapter alone as the version's checkpoint, and the ONNX
     * artifact is base + adapter merged, so serving and drift load it like any other model. The adapter is merged
     * into the version it is tied to ({@code requiresBase}): the base, or the domain's full fine-tune it was trained
     * on when that was its parent; the manifest's {@code baseVersion} stays the base of the general regression.
     */
    private ModelManifest publishAdapter(Candidate candidate, Map<String, Object> training) {
        AdapterCheckpoint adapter;
        try {
            adapter = AdapterCheckpoint.fromBytes(candidate.checkpoint());
        } catch (CheckpointException e) {
            throw new IllegalArgumentException("the adapter candidate of job " + candidate.jobId() + " is not valid: "
                    + e.getMessage(), e);
        }
        String baseVersion = adapter.base().version();
        Checkpoint base = parse(readCheckpoint(baseVersion), "base model " + baseVersion);
        float[] merged;
        try {
            merged = adapter.mergeInto(baseVersion, base.model()).params();
        } catch (CheckpointException e) {
            throw new IllegalArgumentException("the adapter of job " + candidate.jobId() + " cannot be published: "
                    + e.getMessage(), e);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("rank", adapter.lora().rank());
        info.put("alpha", adapter.lora().alpha());
        info.put("targets", adapter.lora().orderedTargets().stream().map(LoraTarget::id).toList());
        info.put("layers", adapter.lora().layers());
        info.put("trainableParameters", adapter.params().length);
        info.put("requiresBase", baseVersion);
        info.put("baseWeightsSha256", adapter.base().sha256());
        return store(candidate.domain(), candidate.parentVersion(), candidate.baseVersion(), "adapter", candidate.jobId(),
                training, candidate.dataWindow(), candidate.metrics(), base, merged, candidate.checkpoint(), info);
    }

    private byte[] readCheckpoint(String version) {
        Blob blob = registry.checkpoint(ModelVersion.parse(version)).orElseThrow(
                () -> new IllegalStateException("the registry has no checkpoint of " + version));
        try (InputStream in = blob.open(0)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint of " + version, e);
        }
    }

    /**
     * Imports a base model checkpoint (e.g. pretrained elsewhere) as the next {@code general@N}: scores it on
     * the general held-out text for its reference, registers it and announces it.
     */
    public ModelManifest importBase(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the base model checkpoint " + file
                    + " (specialist.trainer.base-model-path)", e);
        }
        Checkpoint checkpoint = parse(bytes, "base model " + file);
        List<String> general = GeneralCorpus.heldOut();
        int docs = config.gate().generalEvalDocs();
        general = docs > 0 && docs < general.size() ? general.subList(0, docs) : general;
        List<Double> perDocument = new ArrayList<>();
        Evaluator.Score total = new Evaluator.Score(0, 0, 0, 0);
        var model = checkpoint.model();
        for (Evaluator.Score score : Evaluator.evaluateEach(model, checkpoint.tokenizer(), general)) {
            total = total.plus(score);
            perDocument.add(score.bitsPerByte());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("generalBitsPerByteAfter", total.bitsPerByte());
        metrics.put("generalAccuracyAfter", total.accuracy());
        metrics.put("domainBitsPerByteAfter", total.bitsPerByte());
        ReferenceStats.of(perDocument).putInto(metrics);
        Map<String, Object> window = Map.of("importedFrom", file.toAbsolutePath().toString());
        ModelManifest manifest = store(ModelRegistry.BASE_DOMAIN, null, null, "import", null,
                Map.copyOf(checkpoint.metadata()), window, metrics, checkpoint, checkpoint.params(), bytes, null);
        QuarkusTransaction.requiringNew().run(() -> transitions.announcePublished(new ModelPublished(
                Events.SCHEMA_VERSION, manifest.version(), manifest.domain(), null, manifest.sha256(),
                registry.artifactUri(manifest.version()), manifest.metrics(), Instant.now())));
        return manifest;
    }

    /**
     * Exports {@code params} (shape and tokenizer from {@code checkpoint}) to ONNX and stores it with
     * {@code checkpointBytes} (a full checkpoint, or an adapter) and the manifest.
     */
    private ModelManifest store(String domain, String parent, String base, String method, String jobId,
            Map<String, Object> training, Map<String, Object> dataWindow, Map<String, Double> metrics,
            Checkpoint checkpoint, float[] params, byte[] checkpointBytes, Map<String, Object> adapter) {
        ModelConfig shape = checkpoint.config();
        String tokenizerJson = checkpoint.tokenizer().toJson();
        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("type", "byte-level-bpe");
        tokenizer.put("vocabSize", checkpoint.tokenizer().vocabSize());
        tokenizer.put("sha256", Sha256.hex(tokenizerJson.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("vocabSize", shape.vocabSize());
        model.put("contextLength", shape.contextLength());
        model.put("dModel", shape.dModel());
        model.put("layers", shape.layers());
        model.put("heads", shape.heads());
        model.put("parameters", params.length);
        model.put("trainableParameters", adapter != null ? adapter.get("trainableParameters") : params.length);
        return registry.store().publish(domain, version -> {
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put(ModelMetadata.VERSION, version.toString());
            extra.put(ModelMetadata.DOMAIN, domain);
            if (parent != null) {
                extra.put(PARENT_KEY, parent);
            }
            byte[] onnx = OnnxExporter.export(shape, params, tokenizerJson, extra);
            return new ModelFiles(onnx, checkpointBytes, ModelManifest.draft(parent, base, method, jobId, training,
                    dataWindow, tokenizer, model, metrics, adapter));
        });
    }

    private static Checkpoint parse(byte[] bytes, String what) {
        try {
            return Checkpoint.fromBytes(bytes);
        } catch (CheckpointException e) {
            throw new IllegalArgumentException("the " + what + " is not a valid checkpoint: " + e.getMessage(), e);
        }
    }

    /** Records as JSON-shaped maps for the manifest. */
    static final class EventsJson {
        private EventsJson() {
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> toMap(Object value) {
            return io.specialist.events.EventCodec.mapper().convertValue(value, Map.class);
        }
    }
}
