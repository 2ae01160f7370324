package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Pages a domain's documents out of ingest-service ({@code GET /v1/documents?domain=&split=&kind=&after=&limit=},
 * NDJSON ordered by seq) and streams each line into a {@link DocumentWindow}, so memory stays bounded by
 * the window's byte budget rather than by the domain's size. Plain JDK HTTP: it runs inside the service and
 * inside a Kubernetes training Job alike.
 */
public final class IngestClient {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int ATTEMPTS = 3;

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    public IngestClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** All documents of {@code domain} in {@code split} ({@code train} or {@code heldout}), most recent within budget. */
    public DocumentWindow fetch(String domain, String split, int pageSize, long maxBytes, BooleanSupplier cancelled) {
        DocumentWindow window = new DocumentWindow(maxBytes);
        stream(domain, split, null, pageSize, cancelled, window::add);
        return window;
    }

    /**
     * Every non-empty document of {@code domain} in {@code split} and of {@code kind} ({@code document} or
     * {@code instruction}; null: both), in seq order, handed to {@code sink} as it is read. An ingest older than
     * the list's kind filter ignores it and sends both kinds, so callers still check the kind of what they get.
     */
    public void stream(String domain, String split, String kind, int pageSize, BooleanSupplier cancelled,
            Consumer<IngestDocument> sink) {
        long after = 0;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new JobCancelledException();
            }
            Page page = page(domain, split, kind, after, pageSize, sink);
            if (page.lines() < pageSize) {
                return;
            }
            after = page.lastSeq();
        }
    }

    private Page page(String domain, String split, String kind, long after, int limit, Consumer<IngestDocument> sink) {
        URI uri = URI.create(baseUrl + "/v1/documents?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8)
                + "&split=" + split + (kind == null ? "" : "&kind=" + kind) + "&after=" + after + "&limit=" + limit);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/x-ndjson").GET().build();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() == 200) {
                        return read(body, sink, uri);
                    }
                    String text = new String(body.readNBytes(500), StandardCharsets.UTF_8);
                    if (response.statusCode() < 500) {
                        throw new DataUnavailableException("ingest answered " + response.statusCode() + " to GET " + uri
                                + ": " + text);
                    }
                    last = new IOException("ingest answered " + response.statusCode() + ": " + text);
                }
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobCancelledException();
            }
            sleep(500L * attempt);
        }
        throw new DataUnavailableException("cannot read documents from ingest at " + uri + " after " + ATTEMPTS
                + " attempts: " + last.getMessage(), last);
    }

    private static Page read(InputStream body, Consumer<IngestDocument> sink, URI uri) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        int lines = 0;
        long lastSeq = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            IngestDocument document;
            try {
                document = MAPPER.readValue(line, IngestDocument.class);
            } catch (IOException e) {
                throw new DataUnavailableException("ingest sent a line that is not a document at " + uri + " (line "
                        + lines + "): " + e.getMessage(), e);
            }
            lastSeq = Math.max(lastSeq, document.seq());
            if (document.text() != null && !document.text().isEmpty()) {
                sink.accept(document);
            }
        }
        return new Page(lines, lastSeq);
    }

    private record Page(int lines, long lastSeq) {
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        }
    }
}
