package io.specialist.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.specialist.events.DocumentIngested;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.testing.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stops the packaged service in the middle of consuming a stream, twice: once gracefully (SIGTERM) and
 * once by SIGKILL, each time with records consumed but offsets not yet committed and outbox rows not
 * yet published. After each restart every document must be stored exactly once and announced; after the
 * graceful stop no document may be announced twice. After SIGKILL a re-send is allowed only for events
 * the relay had sent but not yet marked (at most one relay round), which consumers dedup by id.
 */
class IngestRestartIT {

    private static final int PER_PHASE = 2000;
    private static final int RELAY_BATCH = 1000;
    private static final Duration READY = Duration.ofMinutes(3);
    /**
     * Longer than the relay's own bound for a round (send-timeout 30 s + 30 s) plus the rest of Quarkus'
     * shutdown, so a stop that is slow under load still ends gracefully rather than by our SIGKILL.
     */
    private static final Duration GRACEFUL = Duration.ofMinutes(3);
    private static final String FILLER = "lorem ipsum dolor sit amet ".repeat(36);

    private static KafkaBroker broker;
    private static Path home;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KafkaBroker.start(2);
        broker.createTopics(Topics.ALL, 2);
        home = Files.createTempDirectory("ingest-restart-it-");
    }

    @AfterAll
    static void stopBroker() throws IOException {
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void restartsInTheMiddleOfABatchLoseNothingAndDoNotDoublePublish() throws Exception {
        Path jar = Path.of(System.getProperty("ingest.app.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).exists();
        List<String> domains = List.of("restart-a-" + UUID.randomUUID().toString().substring(0, 6),
                "restart-b-" + UUID.randomUUID().toString().substring(0, 6));
        IngestProcess app = new IngestProcess(jar, home, broker.bootstrapServers(), Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:h2:file:" + home.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "specialist.ingest.outbox.batch-size", Integer.toString(RELAY_BATCH)));
        try {
            app.start(READY);

            // Phase 1: graceful stop while the stream is being consumed.
            produce(domains, "graceful", PER_PHASE);
            long storedAtStop = awaitStoredAbove(app, domains, PER_PHASE / 5);
            long stopStart = System.nanoTime();
            boolean graceful = app.stop(GRACEFUL);
            System.out.printf("graceful stop with %d of %d stored took %d ms%n", storedAtStop, PER_PHASE,
                    (System.nanoTime() - stopStart) / 1_000_000);
            assertThat(graceful).as("the app ended by itself after SIGTERM within " + GRACEFUL).isTrue();
            assertThat(Files.readString(app.log())).as("the relay finished its round before the app closed")
                    .contains("outbox relay stopped after");
            app.start(READY);
            awaitStored(app, domains, PER_PHASE);

            // Phase 2: SIGKILL while the stream is being consumed.
            produce(domains, "killed", PER_PHASE);
            long storedAtKill = awaitStoredAbove(app, domains, PER_PHASE + PER_PHASE / 5);
            app.kill();
            System.out.printf("SIGKILL with %d of %d stored%n", storedAtKill, 2 * PER_PHASE);
            app.start(READY);
            awaitStored(app, domains, 2 * PER_PHASE);

            Map<String, String> textById = storedTexts(app, domains);
            assertThat(textById).hasSize(2 * PER_PHASE);
            assertThat(new java.util.HashSet<>(textById.values())).hasSize(2 * PER_PHASE);

            Map<String, Integer> announcements = announcements(domains, textById.keySet());
            assertThat(announcements.keySet()).containsExactlyInAnyOrderElementsOf(textById.keySet());
            long gracefulResent = announcements.entrySet().stream()
                    .filter(e -> textById.get(e.getKey()).startsWith("graceful") && e.getValue() > 1).count();
            long killedResent = announcements.entrySet().stream()
                    .filter(e -> textById.get(e.getKey()).startsWith("killed") && e.getValue() > 1).count();
            System.out.printf("announced %d documents; re-sent after graceful stop: %d, after SIGKILL: %d%n",
                    announcements.size(), gracefulResent, killedResent);
            assertThat(gracefulResent).as("no double publish across a graceful restart").isZero();
            // A relay round is at least one outbox row, i.e. one consumer batch (max.poll.records = 1000).
            assertThat(killedResent).as("re-sends after SIGKILL are bounded by one relay round").isLessThanOrEqualTo(RELAY_BATCH);
            assertThat(storedAtStop).as("the graceful stop hit the middle of the stream").isLessThan(PER_PHASE);
            assertThat(storedAtKill).as("the kill hit the middle of the stream").isLessThan(2L * PER_PHASE);
        } finally {
            if (app.isAlive()) {
                app.stop(GRACEFUL);
            }
        }
    }

    private static void produce(List<String> domains, String phase, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String domain = domains.get(i % domains.size());
                String text = phase + " document " + i + " " + FILLER;
                producer.send(new ProducerRecord<>(Topics.DOCUMENTS_RAW, domain,
                        "{\"domain\":\"" + domain + "\",\"text\":\"" + text + "\"}"));
            }
            producer.flush();
        }
    }

    private static long stored(IngestProcess app, List<String> domains) throws IOException, InterruptedException {
        long total = 0;
        for (JsonNode domain : EventCodec.mapper().readTree(app.get("/v1/domains"))) {
            if (domains.contains(domain.get("domain").asText())) {
                total += domain.get("documents").asLong();
            }
        }
        return total;
    }

    private static long awaitStoredAbove(IngestProcess app, List<String> domains, long threshold) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            long stored = stored(app, domains);
            if (stored > threshold) {
                return stored;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + threshold + " documents stored in time");
    }

    private static void awaitStored(IngestProcess app, List<String> domains, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long stored = 0;
        while (System.nanoTime() < deadline) {
            stored = stored(app, domains);
            if (stored >= expected) {
                assertThat(stored).isEqualTo(expected);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + stored + " of " + expected + " documents stored in time");
    }

    private static Map<String, String> storedTexts(IngestProcess app, List<String> domains) throws Exception {
        Map<String, String> textById = new HashMap<>();
        for (String domain : domains) {
            long after = 0;
            while (true) {
                String page = app.get("/v1/documents?domain=" + domain + "&after=" + after + "&limit=500");
                int lines = 0;
                for (String line : page.split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode doc = EventCodec.mapper().readTree(line);
                    textById.put(doc.get("id").asText(), doc.get("text").asText());
                    after = doc.get("seq").asLong();
                    lines++;
                }
                if (lines < 500) {
                    break;
                }
            }
        }
        return textById;
    }

    /** How many times each document was announced on documents.ingested (reads until all seen and quiet). */
    private static Map<String, Integer> announcements(List<String> domains, java.util.Set<String> expected) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.DOCUMENTS_INGESTED));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
                for (ConsumerRecord<String, String> record : batch) {
                    if (domains.contains(record.key())) {
                        DocumentIngested event = EventCodec.fromJson(record.value(), DocumentIngested.class);
                        counts.merge(event.id(), 1, Integer::sum);
                    }
                }
                if (!batch.isEmpty()) {
                    quietSince = System.nanoTime();
                } else if (counts.keySet().containsAll(expected)
                        && System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(5)) {
                    break;
                }
            }
        }
        return counts;
    }
}
