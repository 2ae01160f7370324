package io.specialist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentIngested;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.testing.FreePorts;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.TempDirectories;
import io.specialist.testing.TestKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole loop on the packaged services, each its own process, against a real Kafka broker: documents
 * of a domain the platform has never seen stream in, drift is detected, a job fine-tunes a model, the
 * gate accepts it, serving swaps to it while clients keep querying; then a second batch streams in while
 * ingest is killed and restarted, and nothing is lost or duplicated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoopIT {

    private static final String DOMAIN = "computing";
    private static final String TOKEN = "e2e-admin-token";
    private static final int FIRST_BATCH = 160;
    private static final int SECOND_BATCH = 160;

    private static Path home;
    private static KafkaBroker kafka;
    private static ServiceProcess ingest;
    private static ServiceProcess drift;
    private static ServiceProcess trainer;
    private static ServiceProcess serving;
    private static Instant firstProduced;
    private static final Map<String, Duration> stages = new LinkedHashMap<>();

    @BeforeAll
    static void startPlatform() throws IOException {
        home = Files.createTempDirectory("specialist-e2e-");
        Path projectRoot = Path.of(System.getProperty("specialist.project.root", "..")).toAbsolutePath().normalize();
        Path logs = Files.createDirectories(projectRoot.resolve("e2e/target/e2e-logs"));
        kafka = KafkaBroker.start(2);
        kafka.createTopics(Topics.ALL, 2);

        int servingPort = FreePorts.next();
        int ingestPort = FreePorts.next();
        int driftPort = FreePorts.next();
        int trainerPort = FreePorts.next();
        String ingestUrl = "http://127.0.0.1:" + ingestPort;
        String trainerUrl = "http://127.0.0.1:" + trainerPort;
        Map<String, String> env = Map.of(
                "SPECIALIST_HOME", home.toString(),
                "SPECIALIST_ADMIN_TOKEN", TOKEN,
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "SPECIALIST_INGEST_URL", ingestUrl,
                "SPECIALIST_TRAINER_URL", trainerUrl);

        Map<String, String> trainerEnv = new java.util.HashMap<>(env);
        // A smaller base model than the product default keeps the test inside the suite's budget (a 128-token
        // window without retrieval rows, as before the product default became 256 with them); the fine-tune runs
        // with the product defaults.
        trainerEnv.putAll(Map.of(
                "SPECIALIST_TRAINER_PRETRAIN_D_MODEL", "64",
                "SPECIALIST_TRAINER_PRETRAIN_STEPS", "500",
                "SPECIALIST_TRAINER_PRETRAIN_CONTEXT_LENGTH", "128",
                "SPECIALIST_TRAINER_PRETRAIN_SEQ_LEN", "128",
                "SPECIALIST_TRAINER_PRETRAIN_RETRIEVAL_FRACTION", "0"));
        // One after the other: four JVMs starting at once on two cores slow each other past their timeouts.
        trainer = new ServiceProcess("trainer-service", trainerPort, projectRoot, logs, Map.of(), trainerEnv)
                .start().awaitReady(Duration.ofSeconds(180));
        ingest = new ServiceProcess("ingest-service", ingestPort, projectRoot, logs, Map.of(), env)
                .start().awaitReady(Duration.ofSeconds(180));
        drift = new ServiceProcess("drift-service", driftPort, projectRoot, logs, Map.of(), env)
                .start().awaitReady(Duration.ofSeconds(180));
        serving = new ServiceProcess("serving-service", servingPort, projectRoot, logs, Map.of(), env)
                .start().awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopPlatform() {
        for (ServiceProcess service : new ServiceProcess[] {serving, drift, ingest, trainer}) {
            if (service != null) {
                service.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        if (home != null) {
            TempDirectories.deleteRecursively(home);
        }
        System.out.println("Freshness stages: " + stages);
    }

    @Test
    @Order(1)
    void baseModelIsPretrainedAndServed() {
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(() ->
                versions(Http.get(trainer.url() + "/v1/models")).contains("general@1"));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() ->
                "general@1".equals(completion().modelVersion()));
    }

    @Test
    @Order(2)
    void newDomainIsLearnedAndSwappedInWithoutFailedRequestsAndCrashedIngestLosesNothing() throws Exception {
        List<String> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(FIRST_BATCH + SECOND_BATCH);
        JsonNode generalBefore = score("general@1");

        try (QueryLoop queries = new QueryLoop(serving.url(), DOMAIN, "A compiler is", 2);
             KafkaProducer<String, byte[]> producer = TestKafka.producer(kafka.bootstrapServers())) {
            firstProduced = Instant.now();
            produce(producer, corpus.subList(0, FIRST_BATCH));

            JsonNode detection = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Http.getOrNull(drift.url() + "/v1/drift/" + DOMAIN),
                            d -> d != null && d.hasNonNull("lastDetection"));
            Instant detectedAt = Instant.parse(detection.get("lastDetection").get("detectedAt").asText());

            JsonNode job = await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> firstTerminalJob(), j -> j != null);
            assertThat(job.get("state").asText()).as("job %s: %s", job.get("id"), job).isEqualTo("succeeded");
            String version = job.get("result").asText();
            assertThat(version).isEqualTo(DOMAIN + "@1");

            Instant swappedAt = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> version.equals(completion().modelVersion()) ? Instant.now() : null, t -> t != null);
            JsonNode manifest = Http.get(trainer.url() + "/v1/models/" + version);
            stages.put("ingest+detect", Duration.between(firstProduced, detectedAt));
            stages.put("queue", Duration.between(detectedAt, Instant.parse(job.get("startedAt").asText())));
            stages.put("train+gate", Duration.between(Instant.parse(job.get("startedAt").asText()),
                    Instant.parse(job.get("finishedAt").asText())));
            stages.put("publish+swap", Duration.between(Instant.parse(job.get("finishedAt").asText()), swappedAt));
            stages.put("total", Duration.between(firstProduced, swappedAt));

            queries.close();
            assertThat(queries.failures()).as("failed requests during the loop").isEmpty();
            assertThat(queries.versions()).containsKeys("general@1", version);

            JsonNode metrics = manifest.get("metrics");
            double domainBefore = metrics.get("domainBitsPerByteBefore").asDouble();
            double domainAfter = metrics.get("domainBitsPerByteAfter").asDouble();
            double generalBase = metrics.get("generalBitsPerByteBefore").asDouble();
            double generalAfter = metrics.get("generalBitsPerByteAfter").asDouble();
            assertThat(domainAfter).as("domain bits/byte improves by the gate's 2%").isLessThanOrEqualTo(domainBefore * 0.98);
            assertThat(generalAfter).as("general bits/byte within the 2% budget").isLessThanOrEqualTo(generalBase * 1.02);
            // The served model agrees with the registry: the new version scores the domain better than the base.
            String sample = corpus.get(0);
            assertThat(scoreText(version, sample)).isLessThan(scoreText("general@1", sample));
            assertThat(score("general@1").get("bitsPerByte").asDouble())
                    .isEqualTo(generalBefore.get("bitsPerByte").asDouble());

            // Crash ingest while the second half streams in, then bring it back. This comes after the swap so
            // that the freshness stages above measure the loop, not a JVM restart on a loaded machine.
            produce(producer, corpus.subList(FIRST_BATCH, FIRST_BATCH + SECOND_BATCH / 2));
            ingest.kill9();
            produce(producer, corpus.subList(FIRST_BATCH + SECOND_BATCH / 2, FIRST_BATCH + SECOND_BATCH));
            ingest.start().awaitReady(Duration.ofSeconds(180));
        }

        assertNoDocumentLostOrDuplicated(FIRST_BATCH + SECOND_BATCH);
    }

    /**
     * Issue #13's freshness figure on the real path: a document produced to the raw topic is consumed and
     * stored by ingest, announced through its outbox, fetched by serving and indexed; the clock runs from
     * the producer's acknowledgement until {@code POST /v1/search} finds the document's unique word.
     */
    @Test
    @Order(3)
    void aDocumentProducedToKafkaIsSearchableWithinSeconds() throws Exception {
        int documents = 20;
        List<Long> millis = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < documents; i++) {
                String marker = "freshmarker" + Long.toString(System.nanoTime(), 36) + "q" + i;
                String json = EventCodec.toJsonString(Map.of("domain", DOMAIN, "source", "e2e:" + marker,
                        "text", "A new term, " + marker + ", was coined after the model was trained. " + marker
                                + " names a technique that no model has seen yet."));
                producer.send(new ProducerRecord<>(Topics.DOCUMENTS_RAW, DOMAIN, json.getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
                long acked = System.nanoTime();
                JsonNode hit = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                        .until(() -> firstHit(marker), h -> h != null);
                millis.add((System.nanoTime() - acked) / 1_000_000);
                assertThat(hit.get("text").asText()).contains(marker);
                assertThat(hit.get("documentId").asText()).isNotBlank();
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        stages.put("produce->searchable p50", Duration.ofMillis(sorted.get(sorted.size() / 2)));
        stages.put("produce->searchable max", Duration.ofMillis(sorted.get(sorted.size() - 1)));
        System.out.printf("produce -> searchable over Kafka, ingest and serving's index, %d documents: %s ms%n",
                documents, millis);
        String metrics = Http.text(serving.url() + "/q/metrics");
        metrics.lines().filter(l -> l.startsWith("specialist_serving_index_freshness_seconds"))
                .forEach(l -> System.out.println("serving: " + l));
    }

    /** The first search hit for {@code word} in the domain, or null while it is not indexed yet. */
    private static JsonNode firstHit(String word) {
        Http.Response response = Http.post(serving.url() + "/v1/search", Map.of("domain", DOMAIN, "query", word, "k", 1));
        if (response.status() != 200) {
            throw new IllegalStateException("search answered " + response.status() + ": " + response.body());
        }
        JsonNode hits = response.body().get("hits");
        return hits.isEmpty() || !hits.get(0).get("text").asText().contains(word) ? null : hits.get(0);
    }

    private void assertNoDocumentLostOrDuplicated(int produced) {
        JsonNode domain = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Http.getOrNull(ingest.url() + "/v1/domains/" + DOMAIN),
                        d -> d != null && d.get("documents").asLong() >= produced);
        assertThat(domain.get("documents").asLong()).as("stored once each").isEqualTo(produced);

        Set<String> stored = new HashSet<>();
        List<String> lines = ndjson(ingest.url() + "/v1/documents?domain=" + DOMAIN + "&limit=10000");
        for (String line : lines) {
            stored.add(EventCodec.fromJson(line, Map.class).get("id").toString());
        }
        assertThat(lines).hasSize(produced);
        assertThat(stored).hasSize(produced);

        List<ConsumerRecord<String, String>> announced = TestKafka.consume(kafka.bootstrapServers(),
                Topics.DOCUMENTS_INGESTED, Integer.MAX_VALUE, Duration.ofSeconds(10), r -> DOMAIN.equals(r.key()));
        Set<String> announcedIds = new HashSet<>();
        for (ConsumerRecord<String, String> record : announced) {
            assertThat(CloudEventHeaders.readFrom(record.headers()).type()).isEqualTo(Topics.TYPE_DOCUMENT_INGESTED);
            announcedIds.add(EventCodec.fromJson(record.value(), DocumentIngested.class).id());
        }
        assertThat(announcedIds).as("every stored document announced").isEqualTo(stored);
        System.out.printf("ingest after kill -9: %d produced, %d stored, %d announcements for %d ids%n",
                produced, stored.size(), announced.size(), announcedIds.size());
    }

    private static void produce(KafkaProducer<String, byte[]> producer, List<String> documents) throws Exception {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (String json : documents) {
            acks.add(producer.send(new ProducerRecord<>(Topics.DOCUMENTS_RAW, DOMAIN, json.getBytes(StandardCharsets.UTF_8))));
        }
        for (java.util.concurrent.Future<?> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    private static JsonNode firstTerminalJob() {
        for (JsonNode job : Http.get(trainer.url() + "/v1/jobs?domain=" + DOMAIN)) {
            String state = job.get("state").asText();
            if (state.equals("succeeded") || state.equals("rejected") || state.equals("failed")) {
                return job;
            }
        }
        return null;
    }

    private static Http.Response completion() {
        return Http.post(serving.url() + "/v1/completions",
                Map.of("model", DOMAIN, "prompt", "A compiler is", "max_tokens", 4, "seed", 1));
    }

    private static JsonNode score(String model) {
        return Http.post(serving.url() + "/v1/score", Map.of("model", model,
                "text", "The jury said it did find that many of the voters had been confused.")).body();
    }

    private static double scoreText(String model, String text) {
        return Http.post(serving.url() + "/v1/score", Map.of("model", model, "text", text)).body()
                .get("bitsPerByte").asDouble();
    }

    private static List<String> versions(JsonNode models) {
        List<String> versions = new ArrayList<>();
        models.forEach(m -> versions.add(m.get("version").asText()));
        return versions;
    }

    private static List<String> ndjson(String url) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofLines());
            return response.body().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The FOLDOC test corpus, one JSON document per line ({@code domain} is already "computing"). */
    private static List<String> corpus() throws IOException {
        try (var in = LoopIT.class.getResourceAsStream("/corpus/foldoc.ndjson.gz");
             var reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
