package io.specialist.drift.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.specialist.testing.TinyModels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small real HTTP server that answers the trainer and ingest endpoints drift calls, with the contract's
 * JSON shapes: it stands in for the other two services (not for anything inside drift). Models are real
 * ONNX artifacts; documents are real texts.
 */
public final class Upstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored document as ingest would return it. */
    public record Doc(long seq, String id, String domain, String split, String text, Instant ingestedAt) {
        public String sha256() {
            return TinyModels.sha256(text.getBytes(StandardCharsets.UTF_8));
        }

        public long bytes() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** A registry entry: manifest fields and the artifact bytes (served as they are). */
    public record Model(String version, String domain, String sha256, byte[] artifact, Map<String, Double> metrics) {
    }

    private final HttpServer server;
    private final List<Model> models = new CopyOnWriteArrayList<>();
    private final List<Doc> docs = new CopyOnWriteArrayList<>();
    private final Map<String, Doc> byId = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    public Upstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/documents", this::documents);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void addModel(Model model) {
        models.add(model);
    }

    public void addModel(TinyModels.TinyModel tiny, Map<String, Double> metrics) {
        addModel(new Model(tiny.version(), tiny.domain(), tiny.sha256(), tiny.onnx(), metrics));
    }

    public Doc addDocument(String domain, String split, String text) {
        Doc doc = new Doc(seq.incrementAndGet(), UUID.randomUUID().toString(), domain, split, text, Instant.now());
        docs.add(doc);
        byId.put(doc.id(), doc);
        return doc;
    }

    /** Requests served per kind: {@code models}, {@code artifact}, {@code document-by-id}, {@code document-list}. */
    public int requests(String kind) {
        AtomicInteger n = requests.get(kind);
        return n == null ? 0 : n.get();
    }

    private void count(String kind) {
        requests.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    private void models(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v1/models")) {
            count("models");
            ArrayNode array = JSON.createArrayNode();
            models.forEach(m -> array.add(manifest(m)));
            send(exchange, 200, "application/json", array.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String rest = URLDecoder.decode(path.substring("/v1/models/".length()), StandardCharsets.UTF_8);
        boolean artifact = rest.endsWith("/artifact");
        String version = artifact ? rest.substring(0, rest.length() - "/artifact".length()) : rest;
        Model model = models.stream().filter(m -> m.version().equals(version)).findFirst().orElse(null);
        if (model == null) {
            send(exchange, 404, "application/problem+json",
                    ("{\"status\":404,\"title\":\"Not Found\",\"detail\":\"no model " + version + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (artifact) {
            count("artifact");
            exchange.getResponseHeaders().add("ETag", "\"" + model.sha256() + "\"");
            send(exchange, 200, "application/octet-stream", model.artifact());
        } else {
            send(exchange, 200, "application/json", manifest(model).toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private ObjectNode manifest(Model m) {
        ObjectNode node = JSON.createObjectNode()
                .put("version", m.version())
                .put("domain", m.domain())
                .put("number", Integer.parseInt(m.version().substring(m.version().lastIndexOf('@') + 1)))
                .put("sha256", m.sha256())
                .put("artifactUri", baseUrl() + "/v1/models/" + m.version() + "/artifact")
                .put("artifactBytes", m.artifact().length)
                .put("createdAt", Instant.now().toString())
                .put("method", "full");
        node.putNull("parent");
        ObjectNode metrics = node.putObject("metrics");
        m.metrics().forEach(metrics::put);
        return node;
    }

    private void documents(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        if (path.startsWith("/v1/documents/")) {
            count("document-by-id");
            Doc doc = byId.get(URLDecoder.decode(path.substring("/v1/documents/".length()), StandardCharsets.UTF_8));
            if (doc == null) {
                send(exchange, 404, "application/problem+json", "{\"status\":404,\"title\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 200, "application/json", json(doc).getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        count("document-list");
        Map<String, String> query = query(uri.getRawQuery());
        String domain = query.get("domain");
        String split = query.get("split");
        long after = Long.parseLong(query.getOrDefault("after", "0"));
        int limit = Math.min(10_000, Integer.parseInt(query.getOrDefault("limit", "1000")));
        StringBuilder body = new StringBuilder();
        List<Doc> page = new ArrayList<>();
        for (Doc doc : docs) { // insertion order = seq order
            if (doc.seq() > after && (domain == null || domain.equals(doc.domain()))
                    && (split == null || split.equals(doc.split())) && page.size() < limit) {
                page.add(doc);
            }
        }
        page.forEach(d -> body.append(json(d)).append('\n'));
        send(exchange, 200, "application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Doc d) {
        return JSON.createObjectNode()
                .put("seq", d.seq()).put("id", d.id()).put("domain", d.domain()).put("kind", "document")
                .put("text", d.text()).put("sha256", d.sha256()).put("bytes", d.bytes()).put("split", d.split())
                .put("ingestedAt", d.ingestedAt().toString()).toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
