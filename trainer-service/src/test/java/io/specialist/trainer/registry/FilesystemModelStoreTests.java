package io.specialist.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemModelStoreTests {

    @TempDir
    Path root;

    private static ModelFiles files(ModelVersion v, String parent) {
        byte[] onnx = ("onnx of " + v).getBytes(StandardCharsets.UTF_8);
        byte[] ckpt = ("checkpoint of " + v).getBytes(StandardCharsets.UTF_8);
        return new ModelFiles(onnx, ckpt, ModelManifest.draft(parent, "general@1", "full", "job-1",
                Map.of("steps", 10), Map.of("trainDocs", 3), Map.of("vocabSize", 512),
                Map.of("dModel", 32), Map.of("domainBitsPerByteAfter", 2.5)));
    }

    @Test
    void numbersVersionsPerDomainAndWritesManifests() throws IOException {
        FilesystemModelStore store = new FilesystemModelStore(root);
        ModelManifest first = store.publish("legal", v -> files(v, "general@1"));
        ModelManifest second = store.publish("legal", v -> files(v, "legal@1"));
        ModelManifest other = store.publish("finance", v -> files(v, "general@1"));

        assertThat(first.version()).isEqualTo("legal@1");
        assertThat(second.version()).isEqualTo("legal@2");
        assertThat(other.version()).isEqualTo("finance@1");
        assertThat(second.sha256()).isEqualTo(Sha256.hex("onnx of legal@2".getBytes(StandardCharsets.UTF_8)));
        assertThat(second.artifactBytes()).isEqualTo("onnx of legal@2".length());
        assertThat(second.parent()).isEqualTo("legal@1");
        assertThat(store.latest("legal")).get().extracting(ModelManifest::version).isEqualTo("legal@2");
        assertThat(store.list()).extracting(ModelManifest::version).containsExactly("finance@1", "legal@1", "legal@2");
        assertThat(Files.readString(root.resolve("legal/2/model.json"))).contains("\"version\" : \"legal@2\"");
    }

    @Test
    void halfWrittenModelsAreInvisibleAndBurnTheirNumber() throws IOException {
        FilesystemModelStore store = new FilesystemModelStore(root);
        Files.createDirectories(root.resolve("legal/1"));
        Files.writeString(root.resolve("legal/1/model.onnx"), "partial");
        assertThat(store.latest("legal")).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(store.publish("legal", v -> files(v, null)).version()).isEqualTo("legal@2");
    }

    @Test
    void withdrawnModelsDisappearAndKeepTheirNumberUsed() {
        FilesystemModelStore store = new FilesystemModelStore(root);
        store.publish("legal", v -> files(v, null));
        ModelManifest withdrawn = store.publish("legal", v -> files(v, "legal@1"));

        store.withdraw(withdrawn.modelVersion());
        store.withdraw(new ModelVersion("legal", 7)); // never stored: nothing to do

        assertThat(store.find(withdrawn.modelVersion())).isEmpty();
        assertThat(store.artifact(withdrawn.modelVersion())).isEmpty();
        assertThat(store.latest("legal")).get().extracting(ModelManifest::version).isEqualTo("legal@1");
        assertThat(store.list()).extracting(ModelManifest::version).containsExactly("legal@1");
        assertThat(store.publish("legal", v -> files(v, "legal@1")).version()).isEqualTo("legal@3");
    }

    @Test
    void failedBuildLeavesNothingBehind() {
        FilesystemModelStore store = new FilesystemModelStore(root);
        try {
            store.publish("legal", v -> {
                throw new IllegalStateException("export failed");
            });
        } catch (IllegalStateException expected) {
            // the publish failed as it should
        }
        assertThat(root.resolve("legal/1")).doesNotExist();
        assertThat(store.publish("legal", v -> files(v, null)).version()).isEqualTo("legal@1");
    }

    @Test
    void concurrentPublishersNeverShareANumber() throws Exception {
        FilesystemModelStore store = new FilesystemModelStore(root);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            futures.add(pool.submit(() -> store.publish("legal", v -> files(v, null)).version()));
        }
        List<String> versions = new ArrayList<>();
        for (Future<String> f : futures) {
            versions.add(f.get());
        }
        pool.shutdown();
        assertThat(versions).doesNotHaveDuplicates().hasSize(12);
        assertThat(store.latest("legal")).get().extracting(ModelManifest::number).isEqualTo(12);
    }

    @Test
    void blobsStreamFromAnOffset() throws IOException {
        FilesystemModelStore store = new FilesystemModelStore(root);
        store.publish("legal", v -> files(v, null));
        Blob blob = store.artifact(ModelVersion.parse("legal@1")).orElseThrow();
        assertThat(blob.size()).isEqualTo("onnx of legal@1".length());
        try (InputStream in = blob.open(8)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("legal@1");
        }
        assertThat(store.artifact(ModelVersion.parse("legal@9"))).isEmpty();
    }

    @Test
    void versionsParseStrictly() {
        assertThat(ModelVersion.parse("legal@12")).isEqualTo(new ModelVersion("legal", 12));
        for (String bad : new String[] {"legal", "legal@0", "Legal@1", "../x@1", "legal@-1", "@1"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelVersion.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain@number");
        }
    }
}
