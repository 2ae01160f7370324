package io.specialist.drift.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.drift.config.DriftConfig;
import io.specialist.drift.config.SpecialistConfig;
import io.specialist.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads document texts from ingest: one by id, or pages of a domain in ingest order (NDJSON). */
@ApplicationScoped
public class IngestClient {

    private static final ObjectMapper JSON = EventCodec.mapper();
    private final Http http;
    private final String base;

    public IngestClient(SpecialistConfig urls, DriftConfig config) {
        this.http = new Http(config.fetch().timeout());
        this.base = Http.trimSlash(urls.ingestUrl());
    }

    /** The document, or empty if ingest does not know the id. */
    public Optional<IngestDocument> get(String id) {
        URI uri = URI.create(base + "/v1/documents/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.get(uri, "application/json", HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new UpstreamException("GET " + uri + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        try {
            return Optional.of(JSON.readValue(response.body(), IngestDocument.class));
        } catch (IOException e) {
            throw new UpstreamException("GET " + uri + " returned a document that is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * One page of a domain's documents with {@code seq > after}, in seq order.
     *
     * @param split {@code train}, {@code heldout} or null for both
     */
    public List<IngestDocument> page(String domain, String split, long after, int limit) {
        StringBuilder url = new StringBuilder(base).append("/v1/documents?domain=")
                .append(URLEncoder.encode(domain, StandardCharsets.UTF_8))
                .append("&after=").append(after).append("&limit=").append(limit);
        if (split != null) {
            url.append("&split=").append(split);
        }
        URI uri = URI.create(url.toString());
        HttpResponse<Stream<String>> response = http.get(uri, "application/x-ndjson", HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new UpstreamException("GET " + uri + " answered " + response.statusCode() + ": "
                        + abbreviate(String.join("\n", lines.limit(5).toList())));
            }
            List<IngestDocument> docs = new ArrayList<>();
            lines.filter(line -> !line.isBlank()).forEach(line -> {
                try {
                    docs.add(JSON.readValue(line, IngestDocument.class));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return docs;
        } catch (UncheckedIOException e) {
            throw new UpstreamException("GET " + uri + " returned a line that is not a JSON document: "
                    + e.getCause().getMessage(), e);
        }
    }

    /** Up to {@code max} documents of a domain's split, paging through the list endpoint. */
    public List<IngestDocument> all(String domain, String split, int max, int pageSize) {
        List<IngestDocument> out = new ArrayList<>();
        long after = 0;
        while (out.size() < max) {
            int limit = Math.min(pageSize, max - out.size());
            List<IngestDocument> page = page(domain, split, after, limit);
            out.addAll(page);
            if (page.size() < limit) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        return out;
    }

    static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
