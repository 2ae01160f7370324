package io.specialist.trainer.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.specialist.trainer.pipeline.DataUnavailableException;
import io.specialist.trainer.pipeline.JobOutcome;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.pipeline.Progress;
import io.specialist.trainer.registry.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The trainer's HTTP API as a training Job uses it (admin bearer token on every call). */
public final class TrainerApiClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String baseUrl;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public TrainerApiClient(String baseUrl, String token, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public JobSpec spec(String jobId) {
        return JSON.convertValue(json(get("/v1/jobs/" + jobId + "/spec")), JobSpec.class);
    }

    /** Downloads a checkpoint and checks it against the ETag (its SHA-256). */
    public byte[] checkpoint(String version) {
        HttpResponse<byte[]> response = send(request("/v1/models/" + version + "/checkpoint").GET().build(), 200);
        byte[] body = response.body();
        String etag = response.headers().firstValue("ETag").orElse(null);
        if (etag != null && !etag.replace("\"", "").equals(Sha256.hex(body))) {
            throw new DataUnavailableException("checkpoint of " + version + " arrived damaged (SHA-256 does not match "
                    + "its ETag " + etag + ")");
        }
        return body;
    }

    /** Sends progress; returns whether the trainer asks the job to stop. */
    public boolean progress(String jobId, Progress progress) {
        JsonNode answer = json(send(request("/v1/jobs/" + jobId + "/progress")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(progress))).build(), 200));
        return answer.path("cancelRequested").asBoolean(false);
    }

    public void uploadCandidate(String jobId, byte[] checkpoint) {
        send(request("/v1/jobs/" + jobId + "/candidate")
                .header("Content-Type", "application/octet-stream")
                .header("X-Checksum-Sha256", Sha256.hex(checkpoint))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(checkpoint)).build(), 200);
    }

    public void result(String jobId, JobOutcome outcome) {
        send(request("/v1/jobs/" + jobId + "/result")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(outcome))).build(), 200);
    }

    private HttpResponse<byte[]> get(String path) {
        return send(request(path).header("Accept", "application/json").GET().build(), 200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<byte[]> send(HttpRequest request, int expected) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != expected) {
                throw new TrainerApiException(response.statusCode(), request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response;
        } catch (IOException e) {
            throw new TrainerApiException(0, request.method() + " " + request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainerApiException(0, "interrupted while calling " + request.uri());
        }
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new TrainerApiException(response.statusCode(), "the trainer answered something that is not JSON: "
                    + e.getMessage());
        }
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A call to the trainer failed; {@code status} is 0 when there was no HTTP answer. */
    public static final class TrainerApiException extends RuntimeException {
        private final int status;

        public TrainerApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
