package io.specialist.bench.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.ort.GenerationRequest;
import io.specialist.model.ort.GenerationResult;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.serving.support.TrainerRegistryServer;
import io.specialist.serving.support.TrainerRegistryServer.Entry;
import io.specialist.testing.FreePorts;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.ProcStat;
import io.specialist.testing.TempDirectories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmarks the packaged serving-service as a separate process, fed by a real Kafka broker and a
 * registry HTTP server in this JVM:
 * <ol>
 *   <li><b>hot swap</b>: closed-loop load of concurrent completions; a steady phase without swaps, then
 *   a phase with {@code swaps} models published one after another over Kafka (each waited for until
 *   responses carry its version). Latency percentiles of both phases, their ratio, errors.</li>
 *   <li><b>throughput</b>: batch-1 generation tokens/s through the HTTP API against a bare ONNX Runtime
 *   loop in this JVM on the same model bytes, same requests (same seeds, so the same tokens), interleaved.</li>
 * </ol>
 * Arguments {@code key=value}: clients, warmup, steady (seconds), swaps, gapMs, maxTokens, tpsRounds,
 * tpsTokens, warmRequests (short requests per path before the throughput rounds), coldRounds (also measure
 * this many rounds before those, as the harness did until 2026-11-26), block (requests per path per turn in a
 * second comparison after the per-request one; 1 skips it), dModel, layers, heads, context, vocab, jar, sections (swap,throughput), serverEnv (KEY=VALUE,...), verbose. Random weights: speed does not depend on them.
 */
public final class ServingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Unmeasured rounds first: both JVMs compile the per-token generation loop (the per-request path needs warmRequests). */
    private static final int WARMUP_ROUNDS = 5;
    private static final String PROMPT = "The committee reported that the new rules would apply to every";

    private final Map<String, String> args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<String> lastVersionSeen = new AtomicReference<>("");
    private URI completions;
    private long servingPid = -1;

    private ServingBench(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + a);
            }
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        new ServingBench(args).run();
    }

    private int intArg(String key, int fallback) {
        return Integer.parseInt(args.getOrDefault(key, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        int clients = intArg("clients", 4);
        int warmupSeconds = intArg("warmup", 10);
        int steadySeconds = intArg("steady", 30);
        int swaps = intArg("swaps", 100);
        int gapMs = intArg("gapMs", 300);
        int maxTokens = intArg("maxTokens", 32);
        Path jar = Path.of(args.getOrDefault("jar", "../../serving-service/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: mvn -o -q -pl serving-service package -DskipTests");
        }

        BpeTokenizer tokenizer = BpeTokenizer.train(GeneralCorpus.train().subList(0, 60), intArg("vocab", 1024));
        ModelConfig config = new ModelConfig(tokenizer.vocabSize(), intArg("context", 256), intArg("dModel", 256),
                intArg("layers", 4), intArg("heads", 4));
        // Two weight sets, alternated by the swaps. No version in the metadata: the same bytes serve any version.
        byte[] modelA = export(config, tokenizer, 1);
        byte[] modelB = export(config, tokenizer, 2);
        System.out.printf(Locale.ROOT, "# serving bench: %s, artifact %.1f MB, %d cores, load average %.1f%n", config,
                modelA.length / 1e6, Runtime.getRuntime().availableProcessors(), loadAverage());

        Path home = Files.createTempDirectory("serving-bench-");
        Process serving = null;
        try (KafkaBroker broker = KafkaBroker.start(2);
             TrainerRegistryServer registry = new TrainerRegistryServer();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new StringSerializer())) {
            broker.createTopics(Topics.ALL, 2);
            registry.add("general@1", null, modelA);
            registry.add("bench@1", "general@1", modelA);
            int port = FreePorts.next();
            completions = URI.create("http://127.0.0.1:" + port + "/v1/completions");
            serving = startServing(jar, port, broker.bootstrapServers(), registry.url(), home, args.getOrDefault("serverEnv", ""));
            servingPid = serving.pid();
            awaitVersion("bench@1", Duration.ofMinutes(3), serving);
            List<String> sections = List.of(args.getOrDefault("sections", "swap,throughput").split(","));
            if (sections.contains("swap")) {
                hotSwap(registry, producer, modelA, modelB, clients, warmupSeconds, steadySeconds, swaps, gapMs, maxTokens);
            }
            if (sections.contains("throughput")) {
                // The active model: bench@1 (A) without swaps, else alternating B, A, ...
                byte[] active = !sections.contains("swap") || (swaps + 1) % 2 == 1 ? modelA : modelB;
                throughput(active, intArg("tpsRounds", 20), intArg("tpsTokens", 128), intArg("warmRequests", 300),
                        intArg("coldRounds", 0), intArg("block", 10));
            }
            stop(serving); // before the broker goes away
        } finally {
            stop(serving);
            TempDirectories.deleteRecursively(home);
        }
    }

    private void hotSwap(TrainerRegistryServer registry, KafkaProducer<String, String> producer, byte[] modelA, byte[] modelB,
                         int clients, int warmupSeconds, int steadySeconds, int swaps, int gapMs, int maxTokens)
            throws Exception {
        // (a) hot swap under closed-loop load
        Latencies warm = new Latencies();
        runLoad(clients, maxTokens, warm, () -> sleep(warmupSeconds * 1000L));
        Latencies steady = new Latencies();
        runLoad(clients, maxTokens, steady, () -> sleep(steadySeconds * 1000L));
        Latencies swapping = new Latencies();
        List<Long> swapMillis = new ArrayList<>();
        List<long[]> windows = new ArrayList<>(); // [publish, first response from the new version]
        long[] swapPhase = new long[1];
        runLoad(clients, maxTokens, swapping, () -> {
            long start = System.nanoTime();
            String previous = "bench@1";
            for (int n = 2; n <= swaps + 1; n++) {
                Entry entry = registry.add("bench@" + n, previous, n % 2 == 0 ? modelB : modelA);
                long published = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.MODELS_PUBLISHED, null, "bench",
                        EventCodec.toJsonString(registry.event(entry)),
                        CloudEventHeaders.create(Topics.TYPE_MODEL_PUBLISHED, "/bench").toKafkaHeaders()));
                producer.flush();
                while (!lastVersionSeen.get().equals(entry.version())) {
                    if (System.nanoTime() - published > TimeUnit.SECONDS.toNanos(60)) {
                        throw new IllegalStateException(entry.version() + " was not served within 60 s");
                    }
                    sleep(2);
                }
                long served = System.nanoTime();
                swapMillis.add((served - published) / 1_000_000);
                windows.add(new long[] {published, served});
                registry.remove(previous);
                previous = entry.version();
                sleep(gapMs);
            }
            swapPhase[0] = System.nanoTime() - start;
        });

        System.out.println();
        System.out.println("## Hot swap under load");
        System.out.printf(Locale.ROOT, "%d closed-loop clients, max_tokens %d, %d swaps over Kafka (gap %d ms) in %.1f s; "
                + "publish-to-served per swap: median %d ms, max %d ms%n", clients, maxTokens, swaps, gapMs,
                swapPhase[0] / 1e9, median(swapMillis), swapMillis.stream().max(Long::compare).orElse(0L));
        System.out.println();
        System.out.println("| phase | requests | errors | p50 ms | p99 ms | p999 ms | req/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        // Within the swap phase, requests that started while a swap was under way (publish .. first answer of
        // the new version) against those that started between swaps: same minutes, same background load.
        // By start time, not by overlap: overlap would favour long requests and bias the comparison.
        Latencies overlapping = swapping.filter(r -> windows.stream().anyMatch(w -> r.start() >= w[0] && r.start() < w[1]));
        Latencies between = swapping.filter(r -> windows.stream().noneMatch(w -> r.start() >= w[0] && r.start() < w[1]));
        row("steady phase (" + steadySeconds + " s, no swaps)", steady, steadySeconds);
        row("swap phase (" + swaps + " swaps)", swapping, swapPhase[0] / 1e9);
        row("- started during a swap", overlapping, Double.NaN);
        row("- started between swaps", between, Double.NaN);
        System.out.printf(Locale.ROOT, "%nswap phase / steady phase: p50 %.2f, p99 %.2f, p999 %.2f%n",
                swapping.percentileMs(0.5) / steady.percentileMs(0.5),
                swapping.percentileMs(0.99) / steady.percentileMs(0.99),
                swapping.percentileMs(0.999) / steady.percentileMs(0.999));
        System.out.printf(Locale.ROOT, "started during / between swaps: p50 %.2f, p99 %.2f, p999 %.2f%n",
                overlapping.percentileMs(0.5) / between.percentileMs(0.5),
                overlapping.percentileMs(0.99) / between.percentileMs(0.99),
                overlapping.percentileMs(0.999) / between.percentileMs(0.999));
        System.out.printf(Locale.ROOT, "errors: %d%n", steady.errors() + swapping.errors());
    }

    private void throughput(byte[] onnx, int rounds, int tokens, int warmRequests, int coldRounds, int block) throws Exception {
        try (OrtLanguageModel bare = OrtLanguageModel.load(onnx, 1)) {
            if (coldRounds > 0) {
                // The procedure before the per-request warm-up existed, for comparison in the same run.
                Rates cold = compare(bare, coldRounds, tokens, 1);
                print("before the per-request warm-up (" + WARMUP_ROUNDS + " warm-up rounds only)", cold);
            }
            long started = System.nanoTime();
            warmUpRequests(bare, warmRequests);
            System.out.printf(Locale.ROOT, "%nper-request warm-up: %d short completions (max_tokens 1) through each path in %.1f s%n",
                    warmRequests, (System.nanoTime() - started) / 1e9);
            print("same seeds, the paths take turns every request", compare(bare, rounds, tokens, 1));
            if (block > 1) {
                print("same seeds, the paths take turns every " + block + " requests", compare(bare, Math.max(2, rounds / block * 2), tokens, block));
            }
        }
    }

    /**
     * Short requests through both paths, so that the code that runs once per request (JSON, HTTP, routing
     * and validation in both JVMs, the tokenizer's encode) is JIT-compiled before anything is measured, as
     * it is in a server that has been up for a while. The measured rounds alone do not do that: 128 tokens
     * per request compile the per-token loop within a few requests, but the per-request path runs only
     * once per request and is still interpreted or C1-compiled after the {@value #WARMUP_ROUNDS} warm-up rounds,
     * which charged the HTTP side with JIT warm-up the bare loop does not have.
     */
    private void warmUpRequests(OrtLanguageModel bare, int requests) throws Exception {
        List<Long> extra = new ArrayList<>(); // HTTP minus bare time of each one-token request
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            complete(Map.of("model", "bench", "prompt", PROMPT, "max_tokens", 1, "temperature", 0.8, "seed", i));
            long t1 = System.nanoTime();
            bare.generate(new GenerationRequest(PROMPT, 1, 0.8, 1.0, (long) i, List.of(), true, true));
            extra.add((t1 - t0) - (System.nanoTime() - t1));
        }
        if (requests >= 40) {
            System.out.printf(Locale.ROOT, "%nHTTP minus bare time of a one-token request, median: requests 1-20 %.1f ms, last 20 %.1f ms%n",
                    median(extra.subList(0, 20)) / 1e6, median(extra.subList(requests - 20, requests)) / 1e6);
        }
    }

    /** Totals of one comparison. */
    private record Rates(int requests, long httpTokens, long httpNanos, long bareTokens, long bareNanos, double medianRoundRatio,
                         long serverGenerateNanos, long serverRequestNanos, long serverFaults, long bareFaults) {
        double http() {
            return httpTokens / (httpNanos / 1e9);
        }

        /** Tokens per second of the model call inside the server (its generation timer), without HTTP. */
        double serverGenerate() {
            return httpTokens / (serverGenerateNanos / 1e9);
        }

        double bare() {
            return bareTokens / (bareNanos / 1e9);
        }
    }

    /**
     * {@value #WARMUP_ROUNDS} unmeasured, then {@code rounds} measured rounds of the same requests on both paths.
     * A round is {@code block} requests through one path, then the same {@code block} requests (same seeds)
     * through the other; which path goes first alternates, so slow drifts of the machine's load hit both alike.
     * With {@code block} 1 the two processes take turns for every request, and each request starts with the
     * other process's model weights and code in the CPU caches; larger blocks measure each path as a server
     * and a bare loop run, back to back.
     */
    private Rates compare(OrtLanguageModel bare, int rounds, int tokens, int block) throws Exception {
        long httpNanos = 0;
        long httpTokens = 0;
        long bareNanos = 0;
        long bareTokens = 0;
        long serverGenerateNanos = 0;
        long serverRequestNanos = 0;
        long serverFaults = 0;
        long bareFaults = 0;
        List<Double> roundRatios = new ArrayList<>(); // bare / HTTP time of each round: both halves ran back to back
        for (int r = -WARMUP_ROUNDS; r < rounds; r++) {
            long firstSeed = 1000 + (long) (r + WARMUP_ROUNDS) * block;
            boolean httpFirst = (r & 1) == 0;
            long[] bareTime = new long[1];
            long[] bareFault = new long[1];
            List<GenerationResult> results = new ArrayList<>();
            Runnable runBare = () -> {
                long faults = minorFaults(ProcessHandle.current().pid());
                long t = System.nanoTime();
                for (int i = 0; i < block; i++) {
                    results.add(bare.generate(new GenerationRequest(PROMPT, tokens, 0.8, 1.0, firstSeed + i, List.of(), true, true)));
                }
                bareTime[0] = System.nanoTime() - t;
                bareFault[0] = minorFaults(ProcessHandle.current().pid()) - faults;
            };
            if (!httpFirst) {
                runBare.run();
            }
            List<JsonNode> bodies = new ArrayList<>();
            ServerTimes timesBefore = serverTimes();
            long faultsBefore = minorFaults(servingPid);
            long t0 = System.nanoTime();
            for (int i = 0; i < block; i++) {
                bodies.add(complete(Map.of("model", "bench", "prompt", PROMPT, "max_tokens", tokens,
                        "temperature", 0.8, "seed", firstSeed + i)));
            }
            long httpTime = System.nanoTime() - t0;
            long serverFault = minorFaults(servingPid) - faultsBefore;
            ServerTimes times = serverTimes();
            long serverGenerate = (long) ((times.generateSeconds() - timesBefore.generateSeconds()) * 1e9);
            long serverRequest = (long) ((times.requestSeconds() - timesBefore.requestSeconds()) * 1e9);
            if (httpFirst) {
                runBare.run();
            }
            int served = 0;
            int generated = 0;
            for (int i = 0; i < block; i++) {
                JsonNode body = bodies.get(i);
                GenerationResult result = results.get(i);
                if (body.get("usage").get("completion_tokens").asInt() != result.completionTokens()
                        || !body.get("choices").get(0).get("text").asText().equals(result.text())) {
                    throw new IllegalStateException("HTTP and bare generation differ for seed " + (firstSeed + i));
                }
                served += body.get("usage").get("completion_tokens").asInt();
                generated += result.completionTokens();
            }
            if (args.containsKey("verbose")) {
                System.out.printf(Locale.ROOT, "round %d: %d tokens, HTTP %.1f ms, bare %.1f ms%n", r, served,
                        httpTime / 1e6, bareTime[0] / 1e6);
            }
            if (r >= 0) {
                httpNanos += httpTime;
                httpTokens += served;
                bareNanos += bareTime[0];
                bareTokens += generated;
                serverGenerateNanos += serverGenerate;
                serverRequestNanos += serverRequest;
                serverFaults += serverFault;
                bareFaults += bareFault[0];
                roundRatios.add((double) bareTime[0] / httpTime);
            }
        }
        roundRatios.sort(null);
        return new Rates(rounds * block, httpTokens, httpNanos, bareTokens, bareNanos, roundRatios.get(roundRatios.size() / 2),
                serverGenerateNanos, serverRequestNanos, serverFaults, bareFaults);
    }

    private static void print(String how, Rates rates) {
        System.out.println();
        System.out.println("## Batch-1 generation: HTTP API vs bare ONNX Runtime loop (same model; " + how + ")");
        System.out.println();
        System.out.println("| path | requests | tokens | tokens/s | ms/token |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| POST /v1/completions | %d | %d | %.0f | %.2f |%n", rates.requests(), rates.httpTokens(),
                rates.http(), 1000 / rates.http());
        System.out.printf(Locale.ROOT, "| (inside the server: the model's generate) | %d | %d | %.0f | %.2f |%n", rates.requests(),
                rates.httpTokens(), rates.serverGenerate(), 1000 / rates.serverGenerate());
        System.out.printf(Locale.ROOT, "| OrtLanguageModel.generate | %d | %d | %.0f | %.2f |%n", rates.requests(), rates.bareTokens(),
                rates.bare(), 1000 / rates.bare());
        System.out.printf(Locale.ROOT, "%nHTTP / bare: %.3f; median over rounds %.3f (load average %.1f)%n", rates.http() / rates.bare(),
                rates.medianRoundRatio(), loadAverage());
        System.out.printf(Locale.ROOT, "per request: HTTP as the client saw it %.2f ms, the server's request handling %.2f ms, "
                + "its model call %.2f ms%n", rates.httpNanos() / 1e6 / rates.requests(), rates.serverRequestNanos() / 1e6 / rates.requests(),
                rates.serverGenerateNanos() / 1e6 / rates.requests());
        System.out.printf(Locale.ROOT, "minor page faults per token: server process %.1f, bench process %.1f%n",
                (double) rates.serverFaults() / rates.httpTokens(), (double) rates.bareFaults() / rates.bareTokens());
    }

    /** Runs closed-loop clients while {@code during} runs, recording into {@code into}. */
    private void runLoad(int clients, int maxTokens, Latencies into, Runnable during) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            loops.add(pool.submit(() -> {
                long seed = client * 1_000_000L;
                while (!stop.get()) {
                    String body = json(Map.of("model", "bench", "prompt", PROMPT, "max_tokens", maxTokens,
                            "temperature", 0.8, "seed", seed++));
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(completions)
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        if (r.statusCode() == 200) {
                            into.ok(t0, t1, JSON.readTree(r.body()).get("usage").get("completion_tokens").asInt());
                            r.headers().firstValue("X-Model-Version").ifPresent(v -> lastVersionSeen.accumulateAndGet(v,
                                    ServingBench::newer));
                        } else {
                            into.error();
                            System.err.println("HTTP " + r.statusCode() + ": " + r.body());
                        }
                    } catch (IOException e) {
                        into.error();
                        System.err.println("request failed: " + e);
                    }
                }
                return null;
            }));
        }
        try {
            during.run();
        } finally {
            stop.set(true);
            for (Future<?> f : loops) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }
    }

    /** The higher of two bench@N versions (responses of concurrent clients arrive out of order). */
    static String newer(String a, String b) {
        return number(b) > number(a) ? b : a;
    }

    private static int number(String version) {
        int at = version.indexOf('@');
        return at < 0 ? -1 : Integer.parseInt(version.substring(at + 1));
    }

    /** Minor page faults of a process so far (0 where {@code /proc} cannot be read). */
    private static long minorFaults(long pid) {
        return ProcStat.sum(pid, 10);
    }

    /**
     * The server's totals so far, from one scrape of its metrics: the model calls for the bench model
     * ({@code specialist.serving.generation}) and completion requests as its HTTP server timed them.
     */
    private record ServerTimes(double generateSeconds, double requestSeconds) {
    }

    private ServerTimes serverTimes() throws IOException, InterruptedException {
        URI metrics = completions.resolve("/q/metrics");
        List<String> lines = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body().lines().toList();
        return new ServerTimes(metricSum(lines, "specialist_serving_generation_seconds_sum{", "domain=\"bench\""),
                metricSum(lines, "http_server_requests_seconds_sum{", "uri=\"/v1/completions\""));
    }

    private static double metricSum(List<String> lines, String prefix, String label) {
        return lines.stream()
                .filter(line -> line.startsWith(prefix) && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private JsonNode complete(Map<String, Object> request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(completions).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(request))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        String version = r.headers().firstValue("X-Model-Version").orElse("");
        lastVersionSeen.accumulateAndGet(version, ServingBench::newer);
        return JSON.readTree(r.body());
    }

    private void awaitVersion(String version, Duration timeout, Process serving) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!serving.isAlive()) {
                throw new IllegalStateException("serving-service exited with " + serving.exitValue() + "; see target/serving-bench.log");
            }
            try {
                if (version.equals(complete(Map.of("model", "bench", "prompt", "x", "max_tokens", 1)).get("model").asText())) {
                    return;
                }
            } catch (IOException | IllegalStateException e) {
                // not up yet
            }
            sleep(500);
        }
        throw new IllegalStateException("serving-service did not serve " + version + " within " + timeout);
    }

    private static Process startServing(Path jar, int port, String kafka, String trainerUrl, Path home, String serverEnv)
            throws IOException {
        Path log = Path.of("target", "serving-bench.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("java", "--add-modules", "jdk.incubator.vector", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("SPECIALIST_TRAINER_URL", trainerUrl);
        env.put("SPECIALIST_HOME", home.toString());
        env.put("SPECIALIST_ADMIN_TOKEN", "bench");
        env.put("ORT_DISABLE_TELEMETRY", "1");
        // Closed-loop clients must never see 503: let them all wait for a slot.
        env.put("SPECIALIST_SERVING_MAX_QUEUED", "64");
        env.put("SPECIALIST_SERVING_QUEUE_TIMEOUT", "30s");
        // serverEnv=KEY=VALUE,KEY=VALUE passes more settings to the server (e.g. SPECIALIST_SERVING_LOADER_NICE=0)
        for (String pair : serverEnv.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        System.out.println("serving-service on port " + port + ", log: " + log.toAbsolutePath());
        return pb.start();
    }

    private static void stop(Process serving) throws InterruptedException {
        if (serving != null && serving.isAlive()) {
            serving.destroy();
            serving.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] export(ModelConfig config, BpeTokenizer tokenizer, long seed) {
        return OnnxExporter.export(config, TransformerModel.initialize(config, seed).params(), tokenizer.toJson(),
                Map.of(ModelMetadata.DOMAIN, "bench"));
    }

    private static void row(String phase, Latencies l, double seconds) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %s |%n", phase, l.count(), l.errors(),
                l.percentileMs(0.5), l.percentileMs(0.99), l.percentileMs(0.999),
                Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.1f", l.count() / seconds));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
