package io.specialist.serving.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.serving.config.ServingConfig;
import io.specialist.serving.service.ArtifactRejectedException;
import io.specialist.serving.service.ArtifactRejectedException.Stage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads the trainer's model registry over HTTP: {@code GET /v1/models}, {@code GET /v1/models/{version}}
 * and {@code GET /v1/models/{version}/artifact}. Artifacts are fetched from the configured trainer URL
 * (not from an event's {@code artifactUri}, which may name a host only the trainer's network knows) and
 * checked against the SHA-256 the registry or the event announced.
 */
@ApplicationScoped
public class TrainerClient {

    private static final TypeReference<List<ModelManifest>> MANIFESTS = new TypeReference<>() {
    };

    private final URI base;
    private final Duration timeout;
    private final long maxArtifactBytes;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public TrainerClient(ServingConfig config) {
        String url = config.trainerUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = config.serving().registryTimeout();
        this.maxArtifactBytes = config.serving().maxArtifactBytes();
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The registry's base URL, for messages. */
    public String baseUrl() {
        return base.toString();
    }

    /** Every manifest in the registry. */
    public List<ModelManifest> list() throws IOException {
        HttpResponse<byte[]> response = send(base.resolve("v1/models"), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("trainer registry " + base + "v1/models answered HTTP " + response.statusCode());
        }
        return json.readValue(response.body(), MANIFESTS);
    }

    /** One manifest, or empty when the registry does not know the version. */
    public Optional<ModelManifest> manifest(String version) throws IOException {
        HttpResponse<byte[]> response = send(base.resolve("v1/models/" + version), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("trainer registry " + base + "v1/models/" + version + " answered HTTP " + response.statusCode());
        }
        return Optional.of(json.readValue(response.body(), ModelManifest.class));
    }

    /**
     * Downloads an artifact and checks its SHA-256.
     *
     * @throws ArtifactRejectedException {@code DOWNLOAD} when it cannot be fetched (worth retrying later),
     *                                   {@code CHECKSUM} when the bytes are not the announced ones
     */
    public byte[] artifact(String version, String expectedSha256) throws ArtifactRejectedException {
        URI uri = base.resolve("v1/models/" + version + "/artifact");
        byte[] bytes;
        try {
            HttpResponse<InputStream> response = send(uri, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ArtifactRejectedException(Stage.DOWNLOAD, "GET " + uri + " answered HTTP " + response.statusCode());
                }
                bytes = readBounded(body, uri, response.headers().firstValueAsLong("Content-Length").orElse(-1));
            }
        } catch (IOException e) {
            throw new ArtifactRejectedException(Stage.DOWNLOAD, "GET " + uri + " failed: " + e.getMessage(), e);
        }
        String actual = sha256(bytes);
        if (expectedSha256 == null || !actual.equalsIgnoreCase(expectedSha256)) {
            throw new ArtifactRejectedException(Stage.CHECKSUM, "artifact of " + version + " has sha256 " + actual
                    + " but " + expectedSha256 + " was announced; refusing it");
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private byte[] readBounded(InputStream in, URI uri, long length) throws IOException, ArtifactRejectedException {
        if (length > Math.min(maxArtifactBytes, Integer.MAX_VALUE - 8)) {
            throw new ArtifactRejectedException(Stage.DOWNLOAD, uri + " is " + length
                    + " bytes, larger than specialist.serving.max-artifact-bytes=" + maxArtifactBytes);
        }
        if (length >= 0) {
            // One exact allocation: artifacts are large, and growing a buffer would create several times
            // their size in garbage while requests are being served.
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length != length || in.read() != -1) {
                throw new ArtifactRejectedException(Stage.DOWNLOAD, uri + " sent " + bytes.length
                        + " bytes but announced " + length);
            }
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > maxArtifactBytes) {
                throw new ArtifactRejectedException(Stage.DOWNLOAD, uri + " is larger than specialist.serving.max-artifact-bytes="
                        + maxArtifactBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + uri, e);
        }
    }
}
