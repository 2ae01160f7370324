package io.specialist.bench.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Serves a corpus as one domain through ingest's list endpoint ({@code GET /v1/documents?domain=&split=&after=&limit=},
 * NDJSON by seq, hash-based split of about one document in five held out), so the benchmark drives the
 * trainer's own ingest client and paging rather than handing it lists in memory.
 */
final class NdjsonIngest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<ObjectNode> documents = new ArrayList<>();

    NdjsonIngest(String domain, List<String> texts) throws IOException {
        long seq = 0;
        for (String text : texts) {
            String sha = sha256(text.getBytes(StandardCharsets.UTF_8));
            ObjectNode doc = JSON.createObjectNode();
            doc.put("seq", ++seq);
            doc.put("id", sha.substring(0, 16));
            doc.put("domain", domain);
            doc.put("text", text);
            doc.put("bytes", text.getBytes(StandardCharsets.UTF_8).length);
            doc.put("split", Integer.parseInt(sha.substring(0, 2), 16) % 5 == 0 ? "heldout" : "train");
            documents.add(doc);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/documents", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long count(String split) {
        return documents.stream().filter(d -> d.get("split").asText().equals(split)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> q = new HashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            long after = Long.parseLong(q.getOrDefault("after", "0"));
            int limit = Integer.parseInt(q.getOrDefault("limit", "1000"));
            StringBuilder body = new StringBuilder();
            documents.stream()
                    .filter(d -> d.get("domain").asText().equals(q.get("domain")))
                    .filter(d -> d.get("split").asText().equals(q.get("split")))
                    .filter(d -> d.get("seq").asLong() > after)
                    .limit(limit)
                    .forEach(d -> body.append(d).append('\n'));
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
