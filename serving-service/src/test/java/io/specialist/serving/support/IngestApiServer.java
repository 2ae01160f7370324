package io.specialist.serving.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.specialist.events.DocumentIngested;
import io.specialist.events.DocumentKind;
import io.specialist.events.Split;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on 127.0.0.1 that plays ingest's document API as the serving index uses it:
 * {@code GET /v1/documents/{id}} (JSON, 404 unknown) and {@code GET /v1/documents?domain=&after=&limit=}
 * (NDJSON ordered by seq), with ingest's field names. It stands in for another service.
 */
public final class IngestApiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ConcurrentSkipListMap<Long, ObjectNode> bySeq = new ConcurrentSkipListMap<>();
    private final Map<String, ObjectNode> byId = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger documentGets = new AtomicInteger();
    private final AtomicInteger listGets = new AtomicInteger();

    public IngestApiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ingest-api-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/documents", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stores a document as ingest would and returns the event ingest would publish for it. */
    public DocumentIngested add(String domain, String text) {
        long n = seq.incrementAndGet();
        String id = "doc-" + n + "-" + sha256(text).substring(0, 8);
        ObjectNode view = JSON.createObjectNode()
                .put("seq", n).put("id", id).put("domain", domain).put("kind", "document").put("text", text)
                .put("sha256", sha256(text)).put("bytes", text.getBytes(StandardCharsets.UTF_8).length)
                .put("split", "train").put("ingestedAt", Instant.now().toString());
        bySeq.put(n, view);
        byId.put(id, view);
        return new DocumentIngested(1, id, domain, DocumentKind.DOCUMENT, sha256(text),
                text.getBytes(StandardCharsets.UTF_8).length, Split.TRAIN, Instant.now());
    }

    public int documentGets() {
        return documentGets.get();
    }

    public int listGets() {
        return listGets.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v1/documents")) {
                listGets.incrementAndGet();
                Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                long after = Long.parseLong(q.getOrDefault("after", "0"));
                int limit = Integer.parseInt(q.getOrDefault("limit", "1000"));
                String domain = q.get("domain");
                StringBuilder out = new StringBuilder();
                bySeq.tailMap(after, false).values().stream()
                        .filter(v -> domain == null || domain.equals(v.get("domain").asText()))
                        .limit(limit)
                        .forEach(v -> out.append(v.toString()).append('\n'));
                send(exchange, 200, "application/x-ndjson", out.toString());
                return;
            }
            documentGets.incrementAndGet();
            String id = URLDecoder.decode(path.substring("/v1/documents/".length()), StandardCharsets.UTF_8);
            ObjectNode view = byId.get(id);
            if (view == null) {
                send(exchange, 404, "application/problem+json", "{\"status\":404,\"title\":\"Not Found\"}");
            } else {
                send(exchange, 200, "application/json", view.toString());
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
