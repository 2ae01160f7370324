package io.specialist.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.specialist.events.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP against the running services, the way any client would call them. */
final class Http {

    record Response(int status, JsonNode body, String modelVersion) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static JsonNode get(String url) {
        Response response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    /** GET that answers null for 404, so polls can wait for something to appear. */
    static JsonNode getOrNull(String url) {
        Response response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        return response.status() == 404 ? null : response.body();
    }

    /** A plain-text GET (e.g. Prometheus metrics). */
    static String text(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response post(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventCodec.toJson(body))));
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? null : EventCodec.mapper().readTree(response.body());
            return new Response(response.statusCode(), body,
                    response.headers().firstValue("X-Model-Version").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(request.build().method() + " " + request.build().uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
