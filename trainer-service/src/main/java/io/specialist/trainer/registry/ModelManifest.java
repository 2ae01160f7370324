package io.specialist.trainer.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code model.json} of a registered model, also the body of {@code GET /v1/models/{version}}.
 * {@code artifactUri} is not stored (the trainer's public URL may change); it is filled in when served.
 *
 * @param parent          the model training continued from; null for a pretrained base model
 * @param baseVersion     the base model the general regression was measured against
 * @param sha256          SHA-256 of the ONNX artifact (its ETag)
 * @param method          how it was made: {@code full} or {@code adapter} fine-tuning, {@code pretrain} or
 *                        {@code import}; an adapter version's checkpoint file is the adapter alone
 * @param training        the job's training settings
 * @param dataWindow      which ingest documents were used (counts, bytes, seq range per split)
 * @param tokenizer       tokenizer facts (vocabSize, sha256 of its JSON)
 * @param model           network shape (vocabSize, contextLength, dModel, layers, heads, parameters)
 * @param metrics         gate numbers before/after and the domain's reference bits/byte distribution
 * @param adapter         for {@code method: adapter}: rank, alpha, targets, layers, trainableParameters, the base
 *                        version and weights sha256 it needs (requiresBase, baseWeightsSha256); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        String version,
        String domain,
        int number,
        String parent,
        String baseVersion,
        String sha256,
        String artifactUri,
        long artifactBytes,
        String checkpointSha256,
        long checkpointBytes,
        Instant createdAt,
        String method,
        String jobId,
        Map<String, Object> training,
        Map<String, Object> dataWindow,
        Map<String, Object> tokenizer,
        Map<String, Object> model,
        Map<String, Double> metrics,
        Map<String, Object> adapter) {

    public ModelVersion modelVersion() {
        return ModelVersion.parse(version);
    }

    public ModelManifest withArtifactUri(String uri) {
        return new ModelManifest(version, domain, number, parent, baseVersion, sha256, uri, artifactBytes,
                checkpointSha256, checkpointBytes, createdAt, method, jobId, training, dataWindow, tokenizer, model, metrics,
                adapter);
    }

    /** This draft completed with what the store computed when writing the files. */
    public ModelManifest stored(ModelVersion v, String sha, long bytes, String checkpointSha, long checkpointSize,
            Instant at) {
        return new ModelManifest(v.toString(), v.domain(), v.number(), parent, baseVersion, sha, null, bytes,
                checkpointSha, checkpointSize, at, method, jobId, training, dataWindow, tokenizer, model, metrics, adapter);
    }

    /** A manifest before the store assigned version, checksums and time. */
    public static ModelManifest draft(String parent, String baseVersion, String method, String jobId,
            Map<String, Object> training, Map<String, Object> dataWindow, Map<String, Object> tokenizer,
            Map<String, Object> model, Map<String, Double> metrics) {
        return draft(parent, baseVersion, method, jobId, training, dataWindow, tokenizer, model, metrics, null);
    }

    /** A draft with the adapter facts of an adapter version. */
    public static ModelManifest draft(String parent, String baseVersion, String method, String jobId,
            Map<String, Object> training, Map<String, Object> dataWindow, Map<String, Object> tokenizer,
            Map<String, Object> model, Map<String, Double> metrics, Map<String, Object> adapter) {
        return new ModelManifest(null, null, 0, parent, baseVersion, null, null, 0, null, 0, null, method, jobId,
                training, dataWindow, tokenizer, model, metrics, adapter);
    }
}
