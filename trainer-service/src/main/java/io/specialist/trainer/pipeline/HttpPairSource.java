package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.model.preference.PreferencePair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads pairs from the trainer's {@code GET /v1/feedback/pairs} (NDJSON), as a Kubernetes training Job does. */
public final class HttpPairSource implements PairSource {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    public HttpPairSource(String trainerUrl, Duration timeout) {
        this.baseUrl = trainerUrl.endsWith("/") ? trainerUrl.substring(0, trainerUrl.length() - 1) : trainerUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public List<PreferencePair> pairs(String domain, String split, int max) {
        URI uri = URI.create(baseUrl + "/v1/feedback/pairs?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8)
                + "&split=" + split + "&limit=" + max);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/x-ndjson")
                .GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DataUnavailableException("the trainer answered " + response.statusCode() + " to GET " + uri
                            + ": " + new String(body.readNBytes(500), StandardCharsets.UTF_8));
                }
                List<PreferencePair> out = new ArrayList<>();
                BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        JsonNode pair = MAPPER.readTree(line);
                        out.add(new PreferencePair(pair.path("prompt").asText(), pair.path("chosen").asText(),
                                pair.path("rejected").asText()));
                    }
                }
                return out;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new DataUnavailableException("cannot read preference pairs from " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        }
    }
}
