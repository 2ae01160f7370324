package io.specialist.bench.ingest;

import io.specialist.events.DocumentIngested;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.testing.DatabaseResource;
import io.specialist.testing.FreePorts;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.TempDirectories;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ingest throughput end to end: documents produced to {@code specialist.documents.raw} until the same
 * number of {@code documents.ingested} events arrived (consumed, validated, stored, outbox, relay,
 * broker ack), next to the raw kafka-clients producer sending the same payloads to a plain topic of the
 * same broker in the same run. One database per run (the packaged app's db-kind is build-time).
 */
public final class IngestBench {

    private static final Map<String, Object> PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String db = options.getOrDefault("db", "h2");
        Path jar = Path.of(options.getOrDefault("app-jar", "ingest-service/target/quarkus-app/quarkus-run.jar"));
        int small = Integer.parseInt(options.getOrDefault("small", "20000"));
        int large = Integer.parseInt(options.getOrDefault("large", "3000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5000"));
        if (!Files.exists(jar)) {
            throw new IllegalArgumentException("no app jar at " + jar.toAbsolutePath() + "; build ingest-service first");
        }
        Path home = Files.createTempDirectory("ingest-bench-");
        try (KafkaBroker broker = KafkaBroker.start(2)) {
            List<String> topics = new ArrayList<>(Topics.ALL);
            topics.add("bench.baseline.1k");
            topics.add("bench.baseline.16k");
            broker.createTopics(topics, 2);
            DatabaseResource database = new DatabaseResource();
            database.init(Map.of(DatabaseResource.KIND, db));
            Map<String, String> dbProps = new HashMap<>(database.start());
            if (db.equals("postgresql")) {
                dbProps.put("quarkus.datasource.jdbc.url", dbProps.get("quarkus.datasource.jdbc.url") + "?reWriteBatchedInserts=true");
            } else {
                dbProps.put("quarkus.datasource.jdbc.url", "jdbc:h2:file:" + home.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
            }
            String appOpts = options.getOrDefault("app-opts", "");
            Process app = startApp(jar, home, broker.bootstrapServers(), dbProps, appOpts);
            List<Measured> measured = new ArrayList<>();
            try {
                System.out.printf("db=%s broker=%s cores=%d%n", db, broker.bootstrapServers(),
                        Runtime.getRuntime().availableProcessors());
                // Warm-up of both paths (JIT, connections, first batches), not reported.
                baseline(broker, "bench.baseline.1k", 1024, warmup);
                pipeline(broker, 1024, warmup);
                measured.add(measure(broker, app.pid(), "bench.baseline.1k", 1024, small));
                measured.add(measure(broker, app.pid(), "bench.baseline.16k", 16 * 1024, large));
            } finally {
                app.destroy();
                app.waitFor(60, TimeUnit.SECONDS);
                Path kept = Path.of("target", "ingest-app.log");
                Files.createDirectories(kept.getParent());
                Files.copy(home.resolve("ingest.log"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.println("app log: " + kept.toAbsolutePath());
            }
            try {
                // The app has stopped: the database alone, on its own tables, with the machine to itself.
                String url = dbProps.get("quarkus.datasource.jdbc.url");
                String user = dbProps.get("quarkus.datasource.username");
                String password = dbProps.get("quarkus.datasource.password");
                System.out.println();
                System.out.println("| db | doc size | docs | raw producer docs/s | raw MB/s | ingest e2e docs/s | ingest MB/s | ratio |"
                        + " database alone docs/s | database alone / raw |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|");
                List<String> cpu = new ArrayList<>();
                for (Measured m : measured) {
                    DatabaseFloor.Result floor = DatabaseFloor.measure(url, user, password, m.size(), m.count());
                    System.out.println(m.row(db, floor.docsPerSecond()));
                    cpu.add(String.format("%d KB: raw producer %s; ingest %s; database alone (its fastest round) %s",
                            m.size() / 1024, m.rawCpu(), m.ingestCpu(), floor.cpuPerDocument()));
                }
                System.out.println();
                System.out.println("CPU per document, core-microseconds:");
                cpu.forEach(line -> System.out.println("- " + line));
            } finally {
                database.stop();
            }
        } finally {
            TempDirectories.deleteRecursively(home);
        }
    }

    /** Seconds the raw producer needs to send {@code count} documents and get every acknowledgement. */
    static double baseline(KafkaBroker broker, String topic, int size, int count) {
        String domain = "baseline-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, domain, document(domain, i, size)));
            }
            producer.flush();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Seconds from the first raw record sent until {@code count} distinct documents were announced. */
    static double pipeline(KafkaBroker broker, int size, int count) {
        String domain = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, byte[]> producer = producer(broker)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DOCUMENTS_INGESTED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(Topics.DOCUMENTS_RAW, domain, document(domain, i, size)));
            }
            producer.flush();
            Set<String> ids = new HashSet<>();
            long deadline = start + TimeUnit.MINUTES.toNanos(5);
            while (ids.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + ids.size() + " of " + count + " documents announced in 5 min");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    if (domain.equals(record.key())) {
                        ids.add(EventCodec.fromJson(record.value(), DocumentIngested.class).id());
                    }
                }
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Both paths for one document size, each with the CPU it spent per document. */
    private static Measured measure(KafkaBroker broker, long appPid, String topic, int size, int count) {
        CpuClock start = CpuClock.now(appPid);
        double baselineSeconds = baseline(broker, topic, size, count);
        CpuClock middle = CpuClock.now(appPid);
        double pipelineSeconds = pipeline(broker, size, count);
        CpuClock end = CpuClock.now(appPid);
        return new Measured(size, count, baselineSeconds, pipelineSeconds, middle.perDocument(start, count),
                end.perDocument(middle, count));
    }

    /** One size's measurements: raw producer and ingest seconds for {@code count} documents and their CPU. */
    private record Measured(int size, int count, double baselineSeconds, double pipelineSeconds, String rawCpu,
            String ingestCpu) {

        String row(String db, double floorRate) {
            double mb = (double) count * size / (1024 * 1024);
            double rawRate = count / baselineSeconds;
            double ingestRate = count / pipelineSeconds;
            return String.format("| %s | %d KB | %d | %.0f | %.1f | %.0f | %.1f | %.2fx | %.0f | %.2fx |", db, size / 1024,
                    count, rawRate, mb / baselineSeconds, ingestRate, mb / pipelineSeconds, ingestRate / rawRate,
                    floorRate, floorRate / rawRate);
        }
    }

    /** A JSON document whose text is {@code size} bytes, unique by its index. */
    static byte[] document(String domain, int index, int size) {
        return ("{\"domain\":\"" + domain + "\",\"text\":\"" + text(index, size) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A text of {@code size} bytes, unique by its index (and a random part). */
    static String text(int index, int size) {
        StringBuilder text = new StringBuilder(size);
        text.append("document ").append(index).append(' ').append(UUID.randomUUID()).append(' ');
        String words = "the court held that the statute applies to every contract signed after the reform ";
        while (text.length() < size) {
            text.append(words, 0, Math.min(words.length(), size - text.length()));
        }
        return text.toString().trim();
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        Map<String, Object> config = new HashMap<>(PRODUCER);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static Process startApp(Path jar, Path home, String bootstrap, Map<String, String> db, String appOpts)
            throws Exception {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dspecialist.home=" + home));
        db.forEach((k, v) -> command.add("-D" + k + "=" + v));
        for (String opt : appOpts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                command.add(opt);
            }
        }
        command.add("-jar");
        command.add(jar.toString());
        Path log = home.resolve("ingest.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ingest-service exited; log:\n" + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("ingest-service not ready in 3 min; log:\n" + Files.readString(log));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
