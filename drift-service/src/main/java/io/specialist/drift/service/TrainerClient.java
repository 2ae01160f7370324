package io.specialist.drift.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.drift.config.DriftConfig;
import io.specialist.drift.config.SpecialistConfig;
import io.specialist.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Reads the trainer's model registry and downloads artifacts, verifying their SHA-256. */
@ApplicationScoped
public class TrainerClient {

    private static final ObjectMapper JSON = EventCodec.mapper();
    private final Http http;
    private final String base;

    public TrainerClient(SpecialistConfig urls, DriftConfig config) {
        this.http = new Http(config.fetch().timeout());
        this.base = Http.trimSlash(urls.trainerUrl());
    }

    /** Every model in the registry. */
    public List<ModelManifest> models() {
        URI uri = URI.create(base + "/v1/models");
        HttpResponse<String> response = http.get(uri, "application/json", HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new UpstreamException("GET " + uri + " answered " + response.statusCode() + ": "
                    + IngestClient.abbreviate(response.body()));
        }
        try {
            return JSON.readValue(response.body(), new TypeReference<List<ModelManifest>>() { });
        } catch (IOException e) {
            throw new UpstreamException("GET " + uri + " did not return a JSON array of manifests: " + e.getMessage(), e);
        }
    }

    /**
     * The ONNX bytes of {@code version}.
     *
     * @throws UpstreamException if it cannot be downloaded or its SHA-256 is not {@code sha256}
     */
    public byte[] artifact(String version, String sha256) {
        URI uri = URI.create(base + "/v1/models/" + URLEncoder.encode(version, StandardCharsets.UTF_8) + "/artifact");
        HttpResponse<byte[]> response = http.get(uri, "application/octet-stream", HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new UpstreamException("GET " + uri + " answered " + response.statusCode());
        }
        String actual = sha256(response.body());
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new UpstreamException("artifact of " + version + " has SHA-256 " + actual + " but the registry says "
                    + sha256 + ": refusing it");
        }
        return response.body();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
