package io.specialist.serving.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specialist.serving.client.ModelManifest;
import io.specialist.serving.client.TrainerClient;
import io.specialist.serving.service.ArtifactRejectedException.Stage;
import io.specialist.serving.support.TestModels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog and the loader on real ONNX Runtime sessions. */
class ModelCatalogTest {

    private final ModelLoader loader = new ModelLoader(1, 1);

    private LoadedModel load(String version, long seed) throws ArtifactRejectedException {
        byte[] onnx = TestModels.random(version, seed);
        String domain = version.substring(0, version.indexOf('@'));
        return loader.load(new ModelManifest(version, domain, null, null, TrainerClient.sha256(onnx), null, Map.of()), onnx);
    }

    @Test
    void swapKeepsPreviousVersionsAndClosesEvictedOnesAfterTheirLastLease() throws Exception {
        ModelCatalog catalog = new ModelCatalog("general", 1);
        LoadedModel v1 = load("legal@1", 1);
        LoadedModel v2 = load("legal@2", 2);
        LoadedModel v3 = load("legal@3", 3);
        catalog.activate(v1);
        ModelLease inFlight = catalog.lease(ModelRef.parse("legal"));
        assertThat(inFlight.version()).hasToString("legal@1");

        catalog.activate(v2);
        try (ModelLease kept = catalog.lease(ModelRef.parse("legal@1"))) {
            assertThat(kept.model()).isSameAs(v1); // kept loaded: still leasable by version
        }
        catalog.activate(v3); // legal@1 falls off (keep-previous 1) while a request still holds it
        assertThat(v1.handle().isRetired()).isTrue();
        assertThat(v1.handle().isClosed()).as("closed under a running request").isFalse();
        assertThat(inFlight.runtime().score("still usable").bitsPerByte()).isPositive();
        inFlight.close();
        assertThat(v1.handle().isClosed()).as("closed after its last lease").isTrue();
        assertThat(catalog.loadedVersions()).extracting(m -> m.version().toString()).containsExactly("legal@3", "legal@2");
        assertThatThrownBy(() -> catalog.lease(ModelRef.parse("legal@1"))).isInstanceOf(ModelNotFoundException.class);
        catalog.retireAll();
        assertThat(v3.handle().isClosed()).isTrue();
    }

    @Test
    void evictedModelClosesWhenItsLastLeaseEnds() throws Exception {
        ModelCatalog catalog = new ModelCatalog("general", 0);
        LoadedModel v1 = load("legal@1", 1);
        catalog.activate(v1);
        ModelLease lease = catalog.lease(ModelRef.parse("legal"));
        catalog.activate(load("legal@2", 2));
        assertThat(v1.handle().isClosed()).isFalse();
        lease.close();
        assertThat(v1.handle().isClosed()).isTrue();
        assertThat(catalog.lease(ModelRef.parse("legal")).version()).hasToString("legal@2");
    }

    @Test
    void domainWithoutModelFallsBackToTheBaseAndNothingLoadedIs503() throws Exception {
        ModelCatalog catalog = new ModelCatalog("general", 1);
        assertThatThrownBy(() -> catalog.lease(ModelRef.parse("finance")))
                .isInstanceOfSatisfying(NoModelAvailableException.class, e -> assertThat(e.status()).isEqualTo(503));
        catalog.activate(load("general@1", 1));
        try (ModelLease lease = catalog.lease(ModelRef.parse("finance"))) {
            assertThat(lease.version()).hasToString("general@1");
        }
    }

    @Test
    void rollbackToAKeptVersionReusesItsSession() throws Exception {
        ModelCatalog catalog = new ModelCatalog("general", 2);
        LoadedModel v1 = load("legal@1", 1);
        LoadedModel v2 = load("legal@2", 2);
        catalog.activate(v1);
        catalog.activate(v2);
        catalog.activate(v1);
        assertThat(catalog.active("legal")).containsSame(v1);
        assertThat(catalog.loadedVersions()).containsExactly(v1, v2);
        assertThat(v1.handle().isRetired()).isFalse();
    }

    @Test
    void loaderRefusesBytesThatAreNotAModel() {
        byte[] junk = "not an onnx model".getBytes(StandardCharsets.UTF_8);
        ModelManifest manifest = new ModelManifest("legal@5", "legal", null, null, TrainerClient.sha256(junk), null, Map.of());
        assertThatThrownBy(() -> loader.load(manifest, junk)).isInstanceOfSatisfying(ArtifactRejectedException.class,
                e -> assertThat(e.stage()).isEqualTo(Stage.LOAD));
    }

    @Test
    void loaderRefusesAnArtifactThatClaimsAnotherVersion() {
        byte[] onnx = TestModels.random("legal@4", 4);
        ModelManifest manifest = new ModelManifest("legal@5", "legal", null, null, TrainerClient.sha256(onnx), null, Map.of());
        assertThatThrownBy(() -> loader.load(manifest, onnx)).isInstanceOfSatisfying(ArtifactRejectedException.class,
                e -> assertThat(e.getMessage()).contains("says it is legal@4"));
    }

    @Test
    void loaderRefusesAModelWithBrokenWeightsAtWarmUp() {
        byte[] onnx = TestModels.broken("legal@6");
        ModelManifest manifest = new ModelManifest("legal@6", "legal", null, null, TrainerClient.sha256(onnx), null, Map.of());
        assertThatThrownBy(() -> loader.load(manifest, onnx)).isInstanceOfSatisfying(ArtifactRejectedException.class,
                e -> assertThat(e.stage()).isEqualTo(Stage.WARMUP));
    }
}
