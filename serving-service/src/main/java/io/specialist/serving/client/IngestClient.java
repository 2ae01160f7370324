package io.specialist.serving.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.serving.config.RetrievalConfig;
import io.specialist.serving.config.ServingConfig;
import io.specialist.model.retrieval.SourceDocument;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.Optional;

/**
 * Reads document texts from ingest's API: {@code GET /v1/documents/{id}} for one announced document and
 * {@code GET /v1/documents?after=&limit=} (NDJSON, ordered by seq) to rebuild or catch up. The
 * {@code documents.ingested} event carries no text, so this is how the index gets it.
 */
@ApplicationScoped
public class IngestClient {

    /** A document as ingest shows it; other fields are ignored. */
    record DocumentView(long seq, String id, String domain, String kind, String text) {
        SourceDocument source() {
            return new SourceDocument(id, domain, seq, text);
        }
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public IngestClient(ServingConfig config, RetrievalConfig retrieval) {
        String url = config.ingestUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = retrieval.ingestTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return base.toString();
    }

    /** The document with this id; empty when ingest does not know it (404) or it has no text (an instruction). */
    public Optional<SourceDocument> document(String id) throws IOException {
        HttpResponse<InputStream> response = get("v1/documents/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                "application/json");
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IOException("ingest answered " + response.statusCode() + " for document " + id);
            }
            DocumentView view = json.readValue(body, DocumentView.class);
            return view.text() == null ? Optional.empty() : Optional.of(view.source());
        }
    }

    /**
     * One page of documents with seq above {@code after}, in seq order, of one domain or ({@code null})
     * all; instructions (no text) are left out but still advance {@link Page#lastSeq()}.
     */
    public Page page(String domain, long after, int limit) throws IOException {
        String query = "v1/documents?after=" + after + "&limit=" + limit
                + (domain == null ? "" : "&domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8));
        HttpResponse<InputStream> response = get(query, "application/x-ndjson");
        List<SourceDocument> docs = new ArrayList<>();
        long last = after;
        int lines = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                throw new IOException("ingest answered " + response.statusCode() + " for " + query);
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                DocumentView view = json.readValue(line, DocumentView.class);
                lines++;
                last = Math.max(last, view.seq());
                if (view.text() != null) {
                    docs.add(view.source());
                }
            }
        }
        return new Page(docs, last, lines);
    }

    /** A page of the list: the documents with text, the last seq seen and how many lines came. */
    public record Page(List<SourceDocument> documents, long lastSeq, int lines) {
    }

    private HttpResponse<InputStream> get(String path, String accept) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", accept).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling ingest at " + base, e);
        }
    }
}
