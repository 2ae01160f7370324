package io.specialist.serving.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.specialist.events.ModelPublished;
import io.specialist.testing.TinyModels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that plays the trainer service's registry API
 * ({@code GET /v1/models}, {@code /v1/models/{version}}, {@code /v1/models/{version}/artifact}) with
 * real ONNX bytes. It stands in for another service, not for the component under test.
 */
public final class TrainerRegistryServer implements AutoCloseable {

    /** One registry entry: what the manifest announces and the bytes the artifact endpoint serves. */
    public record Entry(String version, String domain, int number, String parent, String sha256, byte[] served,
                        Map<String, Double> metrics) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger artifactDownloads = new AtomicInteger();

    public TrainerRegistryServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-trainer-registry");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/models", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a model whose artifact is {@code onnx} and whose announced sha256 is the bytes' own. */
    public Entry add(String version, String parent, byte[] onnx) {
        return put(version, parent, TinyModels.sha256(onnx), onnx);
    }

    /** Adds an entry that announces {@code sha256} but serves {@code served} (e.g. corrupted bytes). */
    public Entry put(String version, String parent, String sha256, byte[] served) {
        String domain = version.substring(0, version.indexOf('@'));
        int number = Integer.parseInt(version.substring(version.indexOf('@') + 1));
        Entry entry = new Entry(version, domain, number, parent, sha256, served,
                Map.of("domainBitsPerByteAfter", 1.5 + number / 100.0, "generalBitsPerByteAfter", 2.0));
        entries.put(version, entry);
        return entry;
    }

    public void remove(String version) {
        entries.remove(version);
    }

    public int artifactDownloads() {
        return artifactDownloads.get();
    }

    /** The {@code models.published} event the trainer would send for an entry. */
    public ModelPublished event(Entry e) {
        return new ModelPublished(1, e.version(), e.domain(), e.parent(), e.sha256(),
                url() + "/v1/models/" + e.version() + "/artifact", e.metrics(), Instant.now());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String rest = path.substring("/v1/models".length());
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", new byte[0]);
            } else if (rest.isEmpty() || rest.equals("/")) {
                ArrayNode list = JSON.createArrayNode();
                entries.values().stream().sorted(Comparator.comparing(Entry::domain).thenComparing(Entry::number))
                        .forEach(e -> list.add(manifest(e)));
                send(exchange, 200, "application/json", JSON.writeValueAsBytes(list));
            } else if (rest.endsWith("/artifact")) {
                Entry e = entries.get(rest.substring(1, rest.length() - "/artifact".length()));
                if (e == null) {
                    send(exchange, 404, "application/problem+json", "{\"status\":404}".getBytes(StandardCharsets.UTF_8));
                } else {
                    artifactDownloads.incrementAndGet();
                    exchange.getResponseHeaders().add("ETag", "\"" + e.sha256() + "\"");
                    send(exchange, 200, "application/octet-stream", e.served());
                }
            } else {
                Entry e = entries.get(rest.substring(1));
                if (e == null) {
                    send(exchange, 404, "application/problem+json", "{\"status\":404}".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, "application/json", JSON.writeValueAsBytes(manifest(e)));
                }
            }
        }
    }

    private ObjectNode manifest(Entry e) {
        ObjectNode node = JSON.createObjectNode()
                .put("version", e.version())
                .put("domain", e.domain())
                .put("number", e.number())
                .put("sha256", e.sha256())
                .put("artifactUri", url() + "/v1/models/" + e.version() + "/artifact")
                .put("artifactBytes", e.served().length)
                .put("createdAt", Instant.now().toString())
                .put("method", "full");
        node.put("parent", e.parent());
        ObjectNode metrics = node.putObject("metrics");
        e.metrics().forEach(metrics::put);
        node.putObject("training").put("steps", 10);
        return node;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
