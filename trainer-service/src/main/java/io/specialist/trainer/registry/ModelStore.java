package io.specialist.trainer.registry;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Storage of registered models. The filesystem implementation is the default (a PVC in Kubernetes); an
 * object store would implement the same contract. Implementations must allocate version numbers safely
 * when several trainer replicas publish at once.
 */
public interface ModelStore {

    /** All complete models, ordered by domain then number. */
    List<ModelManifest> list();

    Optional<ModelManifest> find(ModelVersion version);

    /** The domain's highest-numbered model. */
    Optional<ModelManifest> latest(String domain);

    /**
     * Allocates the domain's next version, asks {@code build} for the files of that version (the ONNX
     * artifact embeds its own version) and stores them; the model becomes visible only once complete.
     */
    ModelManifest publish(String domain, Function<ModelVersion, ModelFiles> build);

    /**
     * Takes back a model that was stored but never announced (its job could not be recorded as succeeded):
     * it disappears from every listing and its files go, but its number stays used, so a later model never
     * takes a number some consumer might have seen. Unknown versions are ignored.
     */
    void withdraw(ModelVersion version);

    /** The ONNX artifact. */
    Optional<Blob> artifact(ModelVersion version);

    /** The Java checkpoint. */
    Optional<Blob> checkpoint(ModelVersion version);
}
