import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The parts of bin/specialist that need a real Kafka client or a JSON library. Run on the broker's
 * classpath (e2e/target/kafka-libs, which holds kafka-clients and Jackson), so the launcher needs nothing
 * beyond Java and the build. Commands:
 * <ul>
 *   <li>{@code topics --bootstrap B --partitions N --timeout S TOPIC...}: waits for the broker, creates the
 *       topics (or adds partitions up to N), waits until every partition has a leader.</li>
 *   <li>{@code produce --bootstrap B --topic T [--domain D] PATH...}: text files, directories of text files
 *       and NDJSON files (any of them gzipped) to a topic as JSON documents, key = domain, CloudEvents binary-mode headers.</li>
 *   <li>{@code consume --bootstrap B --topic T [--from-beginning] [--max N] [--timeout S]}: prints each
 *       record as one JSON line {@code {partition, offset, key, headers, value}} (value parsed when JSON).</li>
 *   <li>{@code ask --url U --model M [--max-tokens N] [--temperature X] [--seed S] [--json] PROMPT}:
 *       {@code POST /v1/completions} on serving; prints the model version and the completion.</li>
 * </ul>
 * Exit codes: 0 done, 1 failed (message on stderr), 2 wrong usage.
 */
public final class SpecialistTool {

    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] argv) {
        if (argv.length == 0) {
            System.err.println("usage: SpecialistTool topics|produce|ask [options]");
            System.exit(2);
        }
        Args args = Args.parse(List.of(argv).subList(1, argv.length));
        int code;
        try {
            code = switch (argv[0]) {
                case "topics" -> TopicsCommand.run(args);
                case "produce" -> ProduceCommand.run(args);
                case "consume" -> ConsumeCommand.run(args);
                case "ask" -> AskCommand.run(args);
                case "demo" -> DemoCommand.run(args);
                default -> throw new UsageException("unknown command '" + argv[0] + "'");
            };
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        } catch (Failure e) {
            System.err.println("error: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /** A mistake in the command line: exit 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Something the user can act on went wrong: exit 1 with this message, no stack trace. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** {@code --name value} options (a flag is an option with no value) and positional arguments. */
    record Args(Map<String, String> options, List<String> positional) {

        static final Set<String> FLAGS = Set.of("--json", "--from-beginning");

        static Args parse(List<String> argv) {
            Map<String, String> options = new LinkedHashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < argv.size(); i++) {
                String a = argv.get(i);
                if (a.equals("--")) {
                    positional.addAll(argv.subList(i + 1, argv.size()));
                    break;
                } else if (FLAGS.contains(a)) {
                    options.put(a, "true");
                } else if (a.startsWith("--") && a.length() > 2) {
                    if (i + 1 >= argv.size()) {
                        throw new UsageException("option " + a + " needs a value");
                    }
                    options.put(a, argv.get(++i));
                } else {
                    positional.add(a);
                }
            }
            return new Args(options, positional);
        }

        String required(String name) {
            String v = options.get(name);
            if (v == null || v.isBlank()) {
                throw new UsageException("option " + name + " is required");
            }
            return v;
        }

        String optional(String name) {
            return options.get(name);
        }

        int integer(String name, int fallback) {
            String v = options.get(name);
            if (v == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " must be a whole number, got '" + v + "'");
            }
        }

        boolean flag(String name) {
            return options.containsKey(name);
        }
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "specialist-launcher"));
    }

    /** The exception that says what happened, without the ExecutionException wrapper. */
    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c instanceof ExecutionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Creates the loop's topics once the broker answers; safe to run against existing topics. */
    static final class TopicsCommand {

        static int run(Args args) {
            String bootstrap = args.required("--bootstrap");
            int partitions = args.integer("--partitions", 2);
            int timeoutSeconds = args.integer("--timeout", 60);
            List<String> topics = args.positional();
            if (topics.isEmpty()) {
                throw new UsageException("name at least one topic");
            }
            if (partitions < 1) {
                throw new UsageException("--partitions must be at least 1, got " + partitions);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            try (Admin admin = admin(bootstrap)) {
                awaitBroker(admin, bootstrap, deadline, timeoutSeconds);
                create(admin, topics, partitions);
                awaitLeaders(admin, topics, deadline, timeoutSeconds);
            }
            System.out.println("topics ready on " + bootstrap + ": " + String.join(", ", topics));
            return 0;
        }

        private static void awaitBroker(Admin admin, String bootstrap, long deadline, int timeoutSeconds) {
            Throwable last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = rootCause(e);
                }
                sleep(500);
            }
            throw new Failure("Kafka at " + bootstrap + " did not answer within " + timeoutSeconds + " s"
                    + (last == null ? "" : " (" + last + ")"));
        }

        private static void create(Admin admin, List<String> topics, int partitions) {
            Map<String, TopicDescription> existing = describe(admin, topics);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.containsKey(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            try {
                if (!missing.isEmpty()) {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                }
            } catch (ExecutionException e) {
                // Another client (a service auto-creating it) may have won the race: that is fine.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new Failure("cannot create topics " + missing + ": " + rootCause(e));
                }
            } catch (Exception e) {
                throw new Failure("cannot create topics " + missing + ": " + rootCause(e));
            }
            Map<String, NewPartitions> grow = new TreeMap<>();
            existing.forEach((name, d) -> {
                int have = d.partitions().size();
                if (have < partitions) {
                    grow.put(name, NewPartitions.increaseTo(partitions));
                } else if (have > partitions) {
                    System.err.println("note: topic " + name + " has " + have + " partitions, more than the "
                            + partitions + " asked for; Kafka cannot remove partitions, keeping " + have);
                }
            });
            if (!grow.isEmpty()) {
                try {
                    admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
                    System.out.println("grew topics " + grow.keySet() + " to " + partitions + " partitions");
                } catch (Exception e) {
                    throw new Failure("cannot add partitions to " + grow.keySet() + ": " + rootCause(e));
                }
            }
        }

        private static void awaitLeaders(Admin admin, List<String> topics, long deadline, int timeoutSeconds) {
            while (System.nanoTime() < deadline) {
                Map<String, TopicDescription> d = describe(admin, topics);
                boolean ready = d.size() == topics.size() && d.values().stream()
                        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    return;
                }
                sleep(200);
            }
            throw new Failure("topics " + topics + " have no leader after " + timeoutSeconds + " s");
        }

        private static Map<String, TopicDescription> describe(Admin admin, List<String> topics) {
            Map<String, TopicDescription> found = new TreeMap<>();
            admin.describeTopics(topics).topicNameValues().forEach((name, future) -> {
                try {
                    found.put(name, future.get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    // Unknown topic: reported as missing.
                }
            });
            return found;
        }
    }

    /**
     * Documents to a topic. A text file becomes one document {@code {domain, text, title, source}}; a
     * {@code .ndjson} / {@code .jsonl} file holds one JSON object per line, sent as it is (with
     * {@code domain} filled in from {@code --domain} when absent); either may be gzipped ({@code .gz});
     * a directory is walked for all of these.
     * Content rules (size, empty text, domain pattern) belong to ingest, which dead-letters what it
     * refuses; this command only refuses what it cannot send as JSON at all.
     */
    static final class ProduceCommand {

        static final String TYPE = "specialist.document.submitted";
        static final String SOURCE = "/specialist-cli";

        private final KafkaProducer<String, String> producer;
        private final String topic;
        private final String defaultDomain;
        private final Map<String, AtomicLong> sentPerDomain = new TreeMap<>();
        private final AtomicLong acked = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private int skipped;

        private ProduceCommand(KafkaProducer<String, String> producer, String topic, String defaultDomain) {
            this.producer = producer;
            this.topic = topic;
            this.defaultDomain = defaultDomain;
        }

        static int run(Args args) {
            String bootstrap = args.required("--bootstrap");
            String topic = args.required("--topic");
            String domain = args.optional("--domain");
            List<Path> paths = args.positional().stream().map(Path::of).toList();
            if (paths.isEmpty()) {
                throw new UsageException("name at least one file or directory to produce");
            }
            List<Path> files = new ArrayList<>();
            for (Path p : paths) {
                files.addAll(expand(p));
            }
            boolean needsDomain = files.stream().anyMatch(f -> !isNdjson(f));
            if (domain == null && needsDomain) {
                throw new UsageException("--domain is required for text files (NDJSON lines may carry their own domain)");
            }
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "specialist-produce");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
            // Fail in seconds, not the default minute, when the broker is not there.
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            ProduceCommand command;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                command = new ProduceCommand(producer, topic, domain);
                for (Path f : files) {
                    command.send(f);
                }
                producer.flush();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new Failure("Kafka at " + bootstrap + " did not answer (" + e.getMessage()
                        + "); is the stack up? Try: bin/specialist status");
            }
            return command.report(bootstrap);
        }

        /** A path to the files it stands for, in a stable order; hidden files and directories are skipped. */
        static List<Path> expand(Path p) {
            if (!Files.exists(p)) {
                throw new UsageException("no such file or directory: " + p);
            }
            if (Files.isRegularFile(p)) {
                return List.of(p);
            }
            try (Stream<Path> walk = Files.walk(p)) {
                return walk.filter(Files::isRegularFile)
                        .filter(f -> Stream.iterate(p.relativize(f), x -> x != null, Path::getParent)
                                .noneMatch(x -> x.getFileName().toString().startsWith(".")))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new Failure("cannot read directory " + p + ": " + e.getMessage());
            }
        }

        static boolean isNdjson(Path f) {
            String name = plainName(f);
            return name.endsWith(".ndjson") || name.endsWith(".jsonl");
        }

        static boolean isGzip(Path f) {
            return f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
        }

        /** The lower-case file name without a trailing .gz. */
        static String plainName(Path f) {
            String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        }

        static InputStream open(Path f) throws IOException {
            InputStream in = Files.newInputStream(f);
            return isGzip(f) ? new GZIPInputStream(in, 1 << 16) : in;
        }

        void send(Path file) {
            if (isNdjson(file)) {
                sendNdjson(file);
            } else {
                sendText(file);
            }
        }

        private void sendText(Path file) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(readAll(file)))
                        .toString();
            } catch (CharacterCodingException e) {
                skip(file + ": not UTF-8 text, skipped");
                return;
            } catch (IOException e) {
                skip(file + ": cannot read (" + e.getMessage() + "), skipped");
                return;
            }
            ObjectNode doc = JSON.createObjectNode();
            doc.put("domain", defaultDomain);
            doc.put("text", text);
            doc.put("title", title(file));
            doc.put("source", "file:" + file.toAbsolutePath().normalize());
            publish(defaultDomain, doc, file.toString());
        }

        private static byte[] readAll(Path file) throws IOException {
            try (InputStream in = open(file)) {
                return in.readAllBytes();
            }
        }

        private void sendNdjson(Path file) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(open(file),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String where = file + ":" + number;
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        skip(where + ": not JSON (" + e.getOriginalMessage() + "), skipped");
                        continue;
                    }
                    if (!(node instanceof ObjectNode doc)) {
                        skip(where + ": not a JSON object, skipped");
                        continue;
                    }
                    if (!doc.hasNonNull("domain")) {
                        if (defaultDomain == null) {
                            skip(where + ": no \"domain\" field and no --domain given, skipped");
                            continue;
                        }
                        doc.put("domain", defaultDomain);
                    }
                    publish(doc.get("domain").asText(), doc, where);
                }
            } catch (CharacterCodingException e) {
                skip(file + ": not UTF-8 text, rest of the file skipped");
            } catch (IOException e) {
                skip(file + ": cannot read (" + e.getMessage() + "), skipped");
            }
        }

        private static String title(Path file) {
            String name = file.getFileName().toString();
            if (isGzip(file)) {
                name = name.substring(0, name.length() - 3);
            }
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }

        private void publish(String domain, ObjectNode doc, String where) {
            String value;
            try {
                value = JSON.writeValueAsString(doc);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RecordHeaders headers = new RecordHeaders();
            header(headers, "ce_specversion", "1.0");
            header(headers, "ce_id", UUID.randomUUID().toString());
            header(headers, "ce_type", TYPE);
            header(headers, "ce_source", SOURCE);
            header(headers, "ce_time", Instant.now().toString());
            header(headers, "content-type", "application/json");
            int size = value.getBytes(StandardCharsets.UTF_8).length;
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, domain, value, headers);
            sentPerDomain.computeIfAbsent(domain, d -> new AtomicLong()).incrementAndGet();
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.incrementAndGet();
                    bytes.addAndGet(size);
                } else if (error instanceof RecordTooLargeException) {
                    failures.add(where + ": " + size + " bytes is more than Kafka accepts in one record (1 MB by default); split it");
                } else {
                    failures.add(where + ": " + error.getMessage());
                }
            });
        }

        private static void header(RecordHeaders headers, String key, String value) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }

        private void skip(String message) {
            skipped++;
            System.err.println("warning: " + message);
        }

        private int report(String bootstrap) {
            failures.forEach(f -> System.err.println("error: " + f));
            String perDomain = sentPerDomain.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().get())
                    .collect(Collectors.joining(", "));
            System.out.printf("produced %d document(s), %s, to %s at %s%s%n", acked.get(), human(bytes.get()),
                    topic, bootstrap, perDomain.isEmpty() ? "" : " (" + perDomain + ")");
            if (skipped > 0 || !failures.isEmpty()) {
                System.err.printf("%d skipped, %d failed: see the messages above%n", skipped, failures.size());
                return 1;
            }
            return 0;
        }

        static String human(long bytes) {
            if (bytes < 1024) {
                return bytes + " B";
            }
            if (bytes < 1024 * 1024) {
                return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
            }
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
    }

    /**
     * Records of a topic as JSON lines, for watching the loop and checking what produce sent. Reads without
     * a consumer group (assigned partitions, nothing committed), so it never disturbs the services' groups.
     */
    static final class ConsumeCommand {

        static int run(Args args) {
            String bootstrap = args.required("--bootstrap");
            String topic = args.required("--topic");
            int max = args.integer("--max", Integer.MAX_VALUE);
            int timeoutSeconds = args.integer("--timeout", 0);
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "specialist-consume");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            long deadline = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
            int seen = 0;
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                if (partitions.isEmpty()) {
                    throw new Failure("topic " + topic + " does not exist at " + bootstrap);
                }
                consumer.assign(partitions);
                if (args.flag("--from-beginning")) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                while (seen < max && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        System.out.println(line(r));
                        System.out.flush();
                        if (++seen >= max) {
                            break;
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new Failure("Kafka at " + bootstrap + " did not answer; is the stack up? Try: bin/specialist status");
            }
            return 0;
        }

        private static String line(ConsumerRecord<String, String> r) {
            ObjectNode out = JSON.createObjectNode();
            out.put("partition", r.partition());
            out.put("offset", r.offset());
            out.put("key", r.key());
            ObjectNode headers = out.putObject("headers");
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            try {
                out.set("value", JSON.readTree(r.value()));
            } catch (IOException | RuntimeException e) {
                out.put("value", r.value());
            }
            return out.toString();
        }
    }

    /** One OpenAI-style text completion from serving. */
    static final class AskCommand {

        static int run(Args args) {
            String url = args.required("--url").replaceAll("/+$", "");
            String model = args.required("--model");
            if (args.positional().size() != 1) {
                throw new UsageException("give the prompt as one argument (quote it)");
            }
            String prompt = args.positional().get(0);
            ObjectNode body = JSON.createObjectNode();
            body.put("model", model);
            body.put("prompt", prompt);
            body.put("max_tokens", args.integer("--max-tokens", 64));
            if (args.optional("--temperature") != null) {
                try {
                    body.put("temperature", Double.parseDouble(args.optional("--temperature")));
                } catch (NumberFormatException e) {
                    throw new UsageException("--temperature must be a number, got '" + args.optional("--temperature") + "'");
                }
            }
            if (args.optional("--seed") != null) {
                body.put("seed", args.integer("--seed", 0));
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/completions"))
                    .timeout(Duration.ofSeconds(args.integer("--timeout", 120)))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                throw new Failure("cannot reach serving at " + url + "; is the stack up? Try: bin/specialist status");
            } catch (IOException e) {
                throw new Failure("request to " + url + "/v1/completions failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String version = response.headers().firstValue("X-Model-Version").orElse("(no X-Model-Version header)");
            if (args.flag("--json")) {
                System.out.println("X-Model-Version: " + version);
                System.out.println(response.body());
                return response.statusCode() / 100 == 2 ? 0 : 1;
            }
            if (response.statusCode() / 100 != 2) {
                throw new Failure("serving answered HTTP " + response.statusCode() + " to POST " + url
                        + "/v1/completions: " + describeError(response.body()));
            }
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new Failure("serving answered with something that is not JSON: " + abbreviate(response.body()));
            }
            JsonNode text = json.path("choices").path(0).path("text");
            if (!text.isTextual()) {
                throw new Failure("serving's answer has no choices[0].text: " + abbreviate(response.body()));
            }
            PrintStream out = System.out;
            out.println("X-Model-Version: " + version);
            out.println(text.asText());
            JsonNode usage = json.path("usage");
            System.err.printf("(%s, %d ms%s)%n", json.path("model").asText(model), millis,
                    usage.has("completion_tokens") ? ", " + usage.path("completion_tokens").asInt() + " tokens" : "");
            return 0;
        }

        /** An RFC 9457 problem as "title: detail", anything else abbreviated. */
        static String describeError(String body) {
            try {
                JsonNode p = JSON.readTree(body);
                if (p != null && (p.has("title") || p.has("detail"))) {
                    return (p.path("title").asText("") + (p.has("detail") ? ": " + p.path("detail").asText() : "")).trim();
                }
            } catch (IOException e) {
                // Not JSON: show it as it is.
            }
            return body.isBlank() ? "(empty body)" : abbreviate(body);
        }

        static String abbreviate(String s) {
            String one = s.replaceAll("\\s+", " ").trim();
            return one.length() > 300 ? one.substring(0, 300) + "..." : one;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    private SpecialistTool() {
    }
}
