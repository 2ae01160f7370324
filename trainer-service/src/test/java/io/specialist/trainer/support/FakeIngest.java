package io.specialist.trainer.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for ingest-service in tests: a real HTTP server (JDK HttpServer on 127.0.0.1) answering
 * {@code GET /v1/documents?domain=&split=&kind=&after=&limit=} with NDJSON pages, following the ingest contract
 * (seq order, {@code after} exclusive, a hash-based train/held-out split).
 */
public final class FakeIngest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<ObjectNode> documents = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int failNext;
    private long seq;

    private FakeIngest(HttpServer server) {
        this.server = server;
    }

    public static FakeIngest start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeIngest ingest = new FakeIngest(server);
            server.createContext("/v1/documents", ingest::handle);
            server.start();
            return ingest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    /** The next {@code count} requests answer 503 (to exercise retries). */
    public void failNext(int count) {
        failNext = count;
    }

    /** Adds documents to a domain; returns how many went to the held-out split. */
    public synchronized int add(String domain, List<String> texts) {
        int heldout = 0;
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            String sha = sha256(bytes);
            // the contract's stable, hash-based split: about one document in five is held out
            String split = Integer.parseInt(sha.substring(0, 2), 16) % 5 == 0 ? "heldout" : "train";
            heldout += split.equals("heldout") ? 1 : 0;
            ObjectNode doc = JSON.createObjectNode();
            doc.put("seq", ++seq);
            doc.put("id", sha.substring(0, 16));
            doc.put("domain", domain);
            doc.put("kind", "document");
            doc.put("text", text);
            doc.put("sha256", sha);
            doc.put("bytes", bytes.length);
            doc.put("split", split);
            doc.put("ingestedAt", Instant.now().toString());
            documents.add(doc);
        }
        return heldout;
    }

    /**
     * Adds instruction examples ({@code kind: instruction}, text = prompt, a blank line, response, as ingest
     * stores them) to a domain; returns how many went to the held-out split.
     */
    public synchronized int addInstructions(String domain, List<Instruction> examples) {
        int heldout = 0;
        for (Instruction example : examples) {
            String text = example.prompt() + "\n\n" + example.response();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            String sha = sha256(bytes);
            String split = Integer.parseInt(sha.substring(0, 2), 16) % 5 == 0 ? "heldout" : "train";
            heldout += split.equals("heldout") ? 1 : 0;
            ObjectNode doc = JSON.createObjectNode();
            doc.put("seq", ++seq);
            doc.put("id", sha.substring(0, 16));
            doc.put("domain", domain);
            doc.put("kind", "instruction");
            doc.put("text", text);
            doc.put("prompt", example.prompt());
            doc.put("response", example.response());
            doc.put("sha256", sha);
            doc.put("bytes", bytes.length);
            doc.put("split", split);
            doc.put("ingestedAt", Instant.now().toString());
            documents.add(doc);
        }
        return heldout;
    }

    /** An instruction example: the prompt and the response to learn. */
    public record Instruction(String prompt, String response) {
    }

    /**
     * Instruction examples from FOLDOC entries of an NDJSON resource: prompt "Define TERM:\n", response the start of
     * the entry's definition (the text after its first line), at most {@code maxResponseChars} cut at a space.
     */
    public static List<Instruction> definitions(String resource, int maxResponseChars) {
        List<Instruction> out = new ArrayList<>();
        for (String text : corpus(resource)) {
            int newline = text.indexOf('\n');
            if (newline < 1) {
                continue;
            }
            String term = text.substring(0, newline).trim();
            String definition = text.substring(newline + 1).replaceAll("\\s+", " ").trim();
            if (definition.length() > maxResponseChars) {
                int cut = definition.lastIndexOf(' ', maxResponseChars);
                definition = definition.substring(0, cut > 0 ? cut : maxResponseChars);
            }
            if (!definition.isEmpty()) {
                out.add(new Instruction("Define " + term + ":\n", definition));
            }
        }
        return out;
    }

    /** Loads {@code text} fields of an NDJSON classpath resource. */
    public static List<String> corpus(String resource) {
        List<String> texts = new ArrayList<>();
        try (InputStream in = FakeIngest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    texts.add(JSON.readTree(line).get("text").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    public List<JsonNode> documents(String domain, String split) {
        return documents.stream().filter(d -> d.get("domain").asText().equals(domain)
                && d.get("split").asText().equals(split)).map(d -> (JsonNode) d).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (failNext > 0) {
                failNext--;
                respond(exchange, 503, "application/problem+json", "{\"status\":503,\"title\":\"Service Unavailable\"}");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            String domain = query.get("domain");
            String split = query.get("split");
            String kind = query.get("kind");
            long after = Long.parseLong(query.getOrDefault("after", "0"));
            int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
            if (domain == null || limit < 1 || limit > 10000) {
                respond(exchange, 400, "application/problem+json", "{\"status\":400,\"title\":\"Bad Request\"}");
                return;
            }
            StringBuilder body = new StringBuilder();
            documents.stream()
                    .filter(d -> d.get("domain").asText().equals(domain))
                    .filter(d -> split == null || d.get("split").asText().equals(split))
                    .filter(d -> kind == null || d.get("kind").asText().equals(kind))
                    .filter(d -> d.get("seq").asLong() > after)
                    .limit(limit)
                    .forEach(d -> body.append(d).append('\n'));
            respond(exchange, 200, "application/x-ndjson", body.toString());
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        if (uri.getRawQuery() == null) {
            return out;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
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
