package io.specialist.trainer.service;

import io.specialist.trainer.config.PlatformConfig;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.registry.Blob;
import io.specialist.trainer.registry.FilesystemModelStore;
import io.specialist.trainer.registry.ModelManifest;
import io.specialist.trainer.registry.ModelStore;
import io.specialist.trainer.registry.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The model registry as the service uses it: lookups, lineage rules and public artifact URLs. */
@ApplicationScoped
public class ModelRegistry {

    /** Domain of the base model every other domain starts from. */
    public static final String BASE_DOMAIN = "general";

    private final ModelStore store;
    private final String trainerUrl;

    public ModelRegistry(TrainerConfig config, PlatformConfig platform) {
        this.store = new FilesystemModelStore(Path.of(config.registryPath()));
        String url = platform.trainerUrl();
        this.trainerUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public ModelStore store() {
        return store;
    }

    public List<ModelManifest> list() {
        return store.list().stream().map(this::withUri).toList();
    }

    public Optional<ModelManifest> find(ModelVersion version) {
        return store.find(version).map(this::withUri);
    }

    public Optional<ModelManifest> latest(String domain) {
        return store.latest(domain).map(this::withUri);
    }

    /** The current base model: the highest {@code general@N}. */
    public Optional<ModelManifest> base() {
        return latest(BASE_DOMAIN);
    }

    /** What a job for {@code domain} continues from: the domain's latest model, else the base model. */
    public Optional<ModelManifest> parentFor(String domain) {
        return latest(domain).or(this::base);
    }

    public Optional<Blob> artifact(ModelVersion version) {
        return store.artifact(version);
    }

    public Optional<Blob> checkpoint(ModelVersion version) {
        return store.checkpoint(version);
    }

    /** Absolute URL of a version's ONNX artifact, as announced to serving and drift. */
    public String artifactUri(String version) {
        return trainerUrl + "/v1/models/" + version + "/artifact";
    }

    private ModelManifest withUri(ModelManifest manifest) {
        return manifest.withArtifactUri(artifactUri(manifest.version()));
    }
}
