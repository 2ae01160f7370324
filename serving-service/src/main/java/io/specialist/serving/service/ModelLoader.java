package io.specialist.serving.service;

import io.specialist.model.ort.GenerationRequest;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;
import io.specialist.model.ort.ScoreResult;
import io.specialist.model.ort.TokenSink;
import io.specialist.serving.client.ModelManifest;
import io.specialist.serving.config.ServingConfig;
import io.specialist.serving.service.ArtifactRejectedException.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Turns verified artifact bytes into a {@link LoadedModel}: creates the ONNX Runtime session, checks
 * that the file is the version it claims to be, and warms it up with a few real inferences, so the
 * first user request after a swap is not the one that pays for lazy initialisation.
 */
@ApplicationScoped
public class ModelLoader {

    private static final Logger LOG = Logger.getLogger(ModelLoader.class);
    /** Warm-up text: plain ASCII any byte-level tokenizer encodes. */
    static final String WARMUP_TEXT = "The model is warming up before it serves its first request.";

    private final int intraOpThreads;
    private final int warmupRuns;

    @Inject
    public ModelLoader(ServingConfig config) {
        this(config.serving().intraOpThreads(), config.serving().warmupRuns());
    }

    public ModelLoader(int intraOpThreads, int warmupRuns) {
        this.intraOpThreads = intraOpThreads;
        this.warmupRuns = warmupRuns;
    }

    /**
     * Loads and warms up a model.
     *
     * @param manifest what the registry or the event says about it
     * @param onnx     artifact bytes, already checked against {@code manifest.sha256()} (not hashed again)
     * @throws ArtifactRejectedException {@code LOAD} or {@code WARMUP}; nothing is left open then
     */
    public LoadedModel load(ModelManifest manifest, byte[] onnx) throws ArtifactRejectedException {
        ModelVersion version = manifest.modelVersion();
        long rssBefore = ModelFootprint.residentBytes();
        long started = System.nanoTime();
        OrtLanguageModel model;
        try {
            model = OrtLanguageModel.load(onnx, intraOpThreads);
        } catch (Exception e) {
            throw new ArtifactRejectedException(Stage.LOAD, "artifact of " + version + " does not load: " + e.getMessage(), e);
        }
        try {
            String embedded = model.metadata().version().orElse(null);
            if (embedded != null && !embedded.equals(version.toString())) {
                throw new ArtifactRejectedException(Stage.LOAD, "artifact announced as " + version + " says it is " + embedded);
            }
            warmUp(model, version);
        } catch (ArtifactRejectedException e) {
            model.close();
            throw e;
        } catch (Exception e) {
            model.close();
            throw new ArtifactRejectedException(Stage.WARMUP, "model " + version + " failed its warm-up: " + e.getMessage(), e);
        }
        RefCounted<OrtLanguageModel> handle = new RefCounted<>(model,
                e -> LOG.errorf(e, "closing the session of %s failed", version));
        String sha256 = manifest.sha256() == null ? null : manifest.sha256().toLowerCase(Locale.ROOT);
        long rssAfter = ModelFootprint.residentBytes();
        ModelFootprint footprint = new ModelFootprint((long) onnx.length * model.sessions(),
                rssBefore < 0 || rssAfter < 0 ? -1 : rssAfter - rssBefore, (System.nanoTime() - started) / 1_000_000);
        return new LoadedModel(version, manifest, sha256, handle, Instant.now(), footprint);
    }

    private void warmUp(OrtLanguageModel model, ModelVersion version) throws ArtifactRejectedException {
        for (int i = 0; i < warmupRuns; i++) {
            ScoreResult score = model.score(WARMUP_TEXT);
            if (!Double.isFinite(score.bitsPerByte()) || score.bitsPerByte() <= 0) {
                throw new ArtifactRejectedException(Stage.WARMUP, "model " + version + " scores the warm-up text at "
                        + score.bitsPerByte() + " bits per byte: its weights are broken");
            }
            model.generate(GenerationRequest.sampled(WARMUP_TEXT, 4, 1.0, 1.0, i), TokenSink.NONE);
        }
    }
}
